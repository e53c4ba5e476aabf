/** /users: the user directory (Admin manages, users:read lists). */
import { z } from 'zod';
import { AppError } from '@sentinel/platform';
import {
  ZCreateUserRequestSchema, ZIdParamSchema, ZListUsersRequestSchema, ZUpdateUserRequestSchema, ZUserAccountSchema,
  ZUserPasswordRequestSchema, zPage,
} from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import * as users from './service.ts';

const TAG = ['Users'];

export const usersRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/users', tags: TAG, summary: 'List users', protect: true }, permission: 'users:read', envelope: 'page' })
    .input(ZListUsersRequestSchema)
    .output(zPage(ZUserAccountSchema))
    .query(({ ctx, input }) => users.listUserAccounts(ctx.app.db, input)),

  create: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/users', tags: TAG, summary: 'Create a user (409 on duplicate email)', protect: true }, permission: 'users:write', successStatus: 201 })
    .input(ZCreateUserRequestSchema)
    .output(ZUserAccountSchema)
    .mutation(({ ctx, input }) => users.createUserAccount(ctx.app.db, input, actorOf(ctx))),

  get: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/users/{id}', tags: TAG, summary: 'One user', protect: true }, permission: 'users:read' })
    .input(ZIdParamSchema)
    .output(ZUserAccountSchema)
    .query(({ ctx, input }) => users.getUserAccount(ctx.app.db, input.id)),

  update: authedProcedure
    .meta({ openapi: { method: 'PUT', path: '/users/{id}', tags: TAG, summary: 'Update name, email, role or status', protect: true }, permission: 'users:write' })
    .input(ZUpdateUserRequestSchema)
    .output(ZUserAccountSchema)
    .mutation(async ({ ctx, input }) => {
      const user = await users.updateUserAccount(ctx.app.db, input, actorOf(ctx));
      ctx.app.sessions.invalidate(input.id);
      return user;
    }),

  delete: authedProcedure
    .meta({ openapi: { method: 'DELETE', path: '/users/{id}', tags: TAG, summary: 'Soft-delete a user', protect: true }, permission: 'users:write', successStatus: 204 })
    .input(ZIdParamSchema)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await users.deleteUserAccount(ctx.app.db, input.id, actorOf(ctx));
      ctx.app.sessions.invalidate(input.id);
    }),

  setPassword: authedProcedure
    .meta({ openapi: { method: 'PATCH', path: '/users/{id}/password', tags: TAG, summary: "Change a password (your own with oldPassword; an Admin may set anyone's)", protect: true }, successStatus: 204 })
    .input(ZUserPasswordRequestSchema)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      const self = ctx.user.id === input.id;
      if (!self && !ctx.user.permissions.includes('users:write')) throw new AppError('AUTH_FORBIDDEN', "Only an Admin may set another user's password");
      await ctx.app.sessions.setPassword(input.id, input.newPassword, self ? (input.oldPassword ?? '') : input.oldPassword, actorOf(ctx));
    }),
});
