/** /roles and /permissions. */
import { z } from 'zod';
import { ZCreateRoleRequestSchema, ZPermissionEntrySchema, ZRoleSchema, ZUpdateRoleRequestSchema } from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import * as roles from './service.ts';

const TAG = ['Roles'];

export const rolesRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/roles', tags: TAG, summary: 'Roles with their permissions', protect: true }, permission: 'roles:read' })
    .input(z.void())
    .output(z.array(ZRoleSchema))
    .query(({ ctx }) => roles.listAllRoles(ctx.app.db)),

  create: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/roles', tags: TAG, summary: 'Create a custom role', protect: true }, permission: 'roles:write', successStatus: 201 })
    .input(ZCreateRoleRequestSchema)
    .output(ZRoleSchema)
    .mutation(({ ctx, input }) => roles.createCustomRole(ctx.app.db, input, actorOf(ctx))),

  update: authedProcedure
    .meta({ openapi: { method: 'PUT', path: '/roles/{id}', tags: TAG, summary: 'Update a role (built-in roles: description only)', protect: true }, permission: 'roles:write' })
    .input(ZUpdateRoleRequestSchema)
    .output(ZRoleSchema)
    .mutation(async ({ ctx, input }) => {
      const role = await roles.updateCustomRole(ctx.app.db, input, actorOf(ctx));
      ctx.app.sessions.invalidate();
      return role;
    }),

  permissions: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/permissions', tags: TAG, summary: 'The canonical permission dictionary', protect: true }, permission: 'roles:read' })
    .input(z.void())
    .output(z.array(ZPermissionEntrySchema))
    .query(() => roles.permissionDictionary()),
});
