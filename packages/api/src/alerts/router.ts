/**
 * /alerts: list, acknowledge, mute, clear and the sandbox's test alert. trpc-to-openapi matches paths in
 * declaration order, so /alerts/generate-test comes before /alerts/{id}.
 */
import { z } from 'zod';
import { ZAlertSchema, ZGenerateTestAlertRequestSchema, ZIdParamSchema, ZListAlertsRequestSchema, ZMuteAlertRequestSchema, zPage } from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import * as alerts from './service.ts';

const TAG = ['Alerts'];

export const alertsRouter = router({
  list: authedProcedure
    .meta({
      openapi: { method: 'GET', path: '/alerts', tags: TAG, summary: 'Alerts, most recently seen first (filters level, acknowledged, cameraId, employeeId, type, from, to); cleared ones are hidden', protect: true },
      permission: 'alerts:read',
      envelope: 'page',
    })
    .input(ZListAlertsRequestSchema)
    .output(zPage(ZAlertSchema))
    .query(({ ctx, input }) => alerts.listAlerts(ctx.app.db, input)),

  generateTest: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/alerts/generate-test', tags: TAG, summary: "Raise a test alert (type 'test') through the normal pipeline", protect: true }, permission: 'alerts:write', successStatus: 201 })
    .input(ZGenerateTestAlertRequestSchema)
    .output(ZAlertSchema)
    .mutation(({ ctx, input }) => alerts.generateTestAlert(ctx.app, input, actorOf(ctx))),

  get: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/alerts/{id}', tags: TAG, summary: 'One alert', protect: true }, permission: 'alerts:read' })
    .input(ZIdParamSchema)
    .output(ZAlertSchema)
    .query(({ ctx, input }) => alerts.getAlert(ctx.app.db, input.id)),

  acknowledge: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/alerts/{id}/acknowledge', tags: TAG, summary: 'Acknowledge an alert (idempotent)', protect: true }, permission: 'alerts:write' })
    .input(ZIdParamSchema)
    .output(ZAlertSchema)
    .mutation(({ ctx, input }) => alerts.acknowledgeAlert(ctx.app, input.id, actorOf(ctx))),

  mute: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/alerts/{id}/mute', tags: TAG, summary: 'Mute an alert and its repeats for durationMinutes (default 60)', protect: true }, permission: 'alerts:write' })
    .input(ZMuteAlertRequestSchema)
    .output(ZAlertSchema)
    .mutation(({ ctx, input }) => alerts.muteAlert(ctx.app, input, actorOf(ctx))),

  clear: authedProcedure
    .meta({ openapi: { method: 'DELETE', path: '/alerts/{id}', tags: TAG, summary: 'Clear an alert (hidden from lists)', protect: true }, permission: 'alerts:write', successStatus: 204 })
    .input(ZIdParamSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => alerts.clearAlert(ctx.app, input.id, actorOf(ctx))),
});
