import { z } from 'zod';
import { Email, Password, UserView } from './auth.ts';
import { GlobalRole, globalRoles, Language, PageNumber } from './common.ts';

const Name = z.string().trim().min(1).max(120);
const Roles = z.array(GlobalRole).max(globalRoles.length);

export const CreateUserRequest = z
  .strictObject({
    email: Email,
    name: Name,
    password: Password,
    language: Language.default('vi'),
    roles: Roles.default([]),
    disabled: z.boolean().default(false),
  })
  .meta({ id: 'CreateUserRequest' });
export type CreateUserInput = z.output<typeof CreateUserRequest>;

export const UpdateUserRequest = z
  .strictObject({
    email: Email.optional(),
    name: Name.optional(),
    password: Password.optional(),
    language: Language.optional(),
    roles: Roles.optional(),
    disabled: z.boolean().optional(),
  })
  .meta({ id: 'UpdateUserRequest' });
export type UpdateUserInput = z.output<typeof UpdateUserRequest>;

export const ListUsersQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  page: PageNumber,
});
export type ListUsersInput = z.output<typeof ListUsersQuery>;

export const UserList = z
  .object({
    users: z.array(UserView),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'UserList' });

export const UserIdParams = z.strictObject({ id: z.uuid() });
