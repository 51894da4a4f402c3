import { redirect } from 'react-router';
import { updateOwnProfile } from '../../domain/auth/users.ts';
import { safeRedirect } from '../forms.ts';
import { isLanguage } from '../i18n/i18n.ts';
import type { Route } from './+types/language';

/** Switches the interface language: remembered in a cookie and, when signed in, on the account. */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const lang = form.get('lang');
  const to = safeRedirect(form.get('redirectTo'));
  if (!isLanguage(lang)) return redirect(to);
  if (context.actor) {
    await updateOwnProfile({ db: context.db, actor: context.actor, input: { language: lang } });
  }
  return redirect(to, { headers: { 'Set-Cookie': context.cookies.lang(lang) } });
}

export function loader() {
  return redirect('/');
}
