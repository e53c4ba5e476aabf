/** /notifications: the caller's own notifications. Any signed-in user; another user's id answers 404. */
import { z } from 'zod';
import { ZIdParamSchema, ZListNotificationsRequestSchema, ZNotificationItemSchema, zPage } from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import * as notifications from './service.ts';

const TAG = ['Notifications'];

export const notificationsRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/notifications', tags: TAG, summary: "The current user's notifications, newest first (filter acknowledged)", protect: true }, envelope: 'page' })
    .input(ZListNotificationsRequestSchema)
    .output(zPage(ZNotificationItemSchema))
    .query(({ ctx, input }) => notifications.listMyNotifications(ctx.app.db, ctx.user.id, input)),

  acknowledge: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/notifications/{id}/acknowledge', tags: TAG, summary: 'Acknowledge one of your notifications', protect: true } })
    .input(ZIdParamSchema)
    .output(ZNotificationItemSchema)
    .mutation(({ ctx, input }) => notifications.acknowledgeMyNotification(ctx.app.db, ctx.user.id, input.id, actorOf(ctx))),

  dismiss: authedProcedure
    .meta({ openapi: { method: 'DELETE', path: '/notifications/{id}', tags: TAG, summary: 'Dismiss one of your notifications', protect: true }, successStatus: 204 })
    .input(ZIdParamSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => notifications.dismissMyNotification(ctx.app.db, ctx.user.id, input.id, actorOf(ctx))),
});
