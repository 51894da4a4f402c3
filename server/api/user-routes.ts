import { createUser, getUser, listUsers, updateUser } from '../../domain/auth/users.ts';
import { UserView } from '../../protocol/auth.ts';
import {
  CreateUserRequest,
  ListUsersQuery,
  UpdateUserRequest,
  UserIdParams,
  UserList,
} from '../../protocol/users.ts';
import { defineRoute } from './route.ts';

export const userRoutes = [
  defineRoute({
    method: 'get',
    path: '/users',
    operationId: 'listUsers',
    summary: 'List accounts, newest first, optionally filtered by name or e-mail',
    tag: 'users',
    access: 'admin',
    query: ListUsersQuery,
    response: UserList,
    errors: ['unauthenticated', 'forbidden'],
    handler: (ctx) => listUsers({ db: ctx.db, actor: ctx.actor, input: ctx.query }),
  }),
  defineRoute({
    method: 'post',
    path: '/users',
    operationId: 'createUser',
    summary: 'Create an account',
    tag: 'users',
    access: 'admin',
    body: CreateUserRequest,
    response: UserView,
    status: 201,
    errors: ['validation', 'unauthenticated', 'forbidden', 'email_taken'],
    handler: (ctx) => createUser({ db: ctx.db, actor: ctx.actor, input: ctx.body }),
  }),
  defineRoute({
    method: 'get',
    path: '/users/:id',
    operationId: 'getUser',
    summary: 'One account',
    tag: 'users',
    access: 'admin',
    params: UserIdParams,
    response: UserView,
    errors: ['unauthenticated', 'forbidden', 'not_found'],
    handler: (ctx) => getUser({ db: ctx.db, actor: ctx.actor, id: ctx.params.id }),
  }),
  defineRoute({
    method: 'patch',
    path: '/users/:id',
    operationId: 'updateUser',
    summary: 'Change an account: name, e-mail, language, roles, disabled, password',
    tag: 'users',
    access: 'admin',
    params: UserIdParams,
    body: UpdateUserRequest,
    response: UserView,
    errors: [
      'validation',
      'unauthenticated',
      'forbidden',
      'not_found',
      'email_taken',
      'cannot_change_own_access',
    ],
    handler: (ctx) =>
      updateUser({ db: ctx.db, actor: ctx.actor, id: ctx.params.id, input: ctx.body }),
  }),
];
