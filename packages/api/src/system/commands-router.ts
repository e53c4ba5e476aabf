/**
 * Admin commands under /system and their /maintenance aliases: all need 'system:admin' (Admin only)
 * and answer 202 {accepted, message}. Each call is logged with the request id and audited as a warning.
 */
import { z } from 'zod';
import { ZCommandResultSchema, ZServiceIdParamSchema } from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import { refreshCaches, restartService, runStreamCommand } from './commands.ts';

const TAG = ['System'];

const command = authedProcedure.input(z.void()).output(ZCommandResultSchema);
const serviceCommand = authedProcedure.input(ZServiceIdParamSchema).output(ZCommandResultSchema);

export const systemCommandsRouter = router({
  restartStreams: command
    .meta({ openapi: { method: 'POST', path: '/system/commands/restart-streams', tags: TAG, summary: 'Restart every enabled camera stream (today: re-probe their configuration) (Admin)', protect: true }, permission: 'system:admin', successStatus: 202 })
    .mutation(({ ctx }) => {
      ctx.log.warn({ command: 'restart-streams', userId: ctx.user.id }, 'system command');
      return runStreamCommand(ctx.app, 'restart-streams', actorOf(ctx));
    }),

  refreshFeeds: command
    .meta({ openapi: { method: 'POST', path: '/system/commands/refresh-feeds', tags: TAG, summary: 'Refresh every enabled camera feed (today: re-probe their configuration) (Admin)', protect: true }, permission: 'system:admin', successStatus: 202 })
    .mutation(({ ctx }) => {
      ctx.log.warn({ command: 'refresh-feeds', userId: ctx.user.id }, 'system command');
      return runStreamCommand(ctx.app, 'refresh-feeds', actorOf(ctx));
    }),

  refreshCache: command
    .meta({ openapi: { method: 'POST', path: '/system/cache/refresh', tags: TAG, summary: "Drop this process's caches (sessions, hardware probes) (Admin)", protect: true }, permission: 'system:admin', successStatus: 202 })
    .mutation(({ ctx }) => {
      ctx.log.warn({ command: 'cache-refresh', userId: ctx.user.id }, 'system command');
      return refreshCaches(ctx.app, actorOf(ctx));
    }),

  maintenanceRefreshCache: command
    .meta({ openapi: { method: 'POST', path: '/maintenance/refresh-cache', tags: TAG, summary: 'Same as POST /system/cache/refresh (Admin)', protect: true }, permission: 'system:admin', successStatus: 202 })
    .mutation(({ ctx }) => {
      ctx.log.warn({ command: 'cache-refresh', userId: ctx.user.id }, 'system command');
      return refreshCaches(ctx.app, actorOf(ctx));
    }),

  restartService: serviceCommand
    .meta({ openapi: { method: 'POST', path: '/system/services/{id}/restart', tags: TAG, summary: "Restart a job queue's worker in this process, or the event bus listener (Admin; 404 unknown id, 409 not restartable)", protect: true }, permission: 'system:admin', successStatus: 202 })
    .mutation(({ ctx, input }) => {
      ctx.log.warn({ command: 'service-restart', service: input.id, userId: ctx.user.id }, 'system command');
      return restartService(ctx.app, input.id, actorOf(ctx));
    }),

  maintenanceRestartService: serviceCommand
    .meta({ openapi: { method: 'POST', path: '/maintenance/service/{id}/restart', tags: TAG, summary: 'Same as POST /system/services/{id}/restart (Admin)', protect: true }, permission: 'system:admin', successStatus: 202 })
    .mutation(({ ctx, input }) => {
      ctx.log.warn({ command: 'service-restart', service: input.id, userId: ctx.user.id }, 'system command');
      return restartService(ctx.app, input.id, actorOf(ctx));
    }),
});
