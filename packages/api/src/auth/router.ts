/** /auth: login, refresh, logout, me, password reset and change. */
import { z } from 'zod';
import {
  ZChangePasswordSchema, ZLoginRequestSchema, ZLoginResponseSchema, ZMeResponseSchema, ZRefreshRequestSchema,
  ZRequestResetResponseSchema, ZRequestResetSchema, ZResetPasswordSchema, ZTokenPairSchema,
} from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, publicProcedure, router } from '../core/trpc.ts';
import { getUserAccount } from '../users/service.ts';

const TAG = ['Auth'];

export const authRouter = router({
  login: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/login', tags: TAG, summary: 'Log in with username (or email) and password', protect: false } })
    .input(ZLoginRequestSchema)
    .output(ZLoginResponseSchema)
    .mutation(({ ctx, input }) => ctx.app.sessions.login(input, actorOf(ctx))),

  refresh: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/refresh', tags: TAG, summary: 'Rotate a refresh token for a new token pair', protect: false } })
    .input(ZRefreshRequestSchema)
    .output(ZTokenPairSchema)
    .mutation(({ ctx, input }) => ctx.app.sessions.refresh(input.refreshToken, actorOf(ctx))),

  logout: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/logout', tags: TAG, summary: 'Revoke the session of a refresh token', protect: false }, successStatus: 204 })
    .input(ZRefreshRequestSchema)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await ctx.app.sessions.logout(input.refreshToken, actorOf(ctx));
    }),

  me: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/auth/me', tags: TAG, summary: 'The current user and permissions', protect: true } })
    .input(z.void())
    .output(ZMeResponseSchema)
    .query(async ({ ctx }) => ({ user: await getUserAccount(ctx.app.db, ctx.user.id), permissions: [...ctx.user.permissions] })),

  requestReset: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/request-reset', tags: TAG, summary: 'Mail a reset token (always 202, never tells whether the email exists)', protect: false }, successStatus: 202 })
    .input(ZRequestResetSchema)
    .output(ZRequestResetResponseSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.app.sessions.requestReset(input.email, actorOf(ctx));
      return { accepted: true as const, message: 'If the address belongs to an account, a reset message has been sent.' };
    }),

  reset: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/reset', tags: TAG, summary: 'Set a new password with a reset token', protect: false }, successStatus: 204 })
    .input(ZResetPasswordSchema)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await ctx.app.sessions.resetPassword(input.token, input.newPassword, actorOf(ctx));
    }),

  changePassword: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/change-password', tags: TAG, summary: 'Change your own password', protect: true }, successStatus: 204 })
    .input(ZChangePasswordSchema)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await ctx.app.sessions.setPassword(ctx.user.id, input.newPassword, input.oldPassword, actorOf(ctx));
    }),
});
