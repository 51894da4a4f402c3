import type { GlobalRole, Language } from '../../protocol/common.ts';
import { AppError } from '../errors.ts';

/** Who is acting: the signed-in user as the server knows them. */
export interface Actor {
  id: string;
  name: string;
  email: string;
  language: Language;
  roles: GlobalRole[];
}

export function requireUser(actor: Actor | null): Actor {
  if (!actor) throw new AppError('unauthenticated');
  return actor;
}

export function hasRole(actor: Actor | null, role: GlobalRole): boolean {
  return !!actor && actor.roles.includes(role);
}

/** Managing accounts: administrators only. */
export function requireAdmin(actor: Actor | null): Actor {
  const user = requireUser(actor);
  if (!hasRole(user, 'admin')) throw new AppError('forbidden');
  return user;
}
