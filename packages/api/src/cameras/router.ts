/**
 * /cameras: inventory, state, summaries, import/export. trpc-to-openapi matches paths in the order the
 * procedures are declared, so the static paths (/cameras/summary, /cameras/export, /cameras/import) come
 * before /cameras/{id}, which would otherwise swallow them as ids.
 */
import { z } from 'zod';
import {
  ZCameraExportSchema, ZCameraSchema, ZCameraStateRequestSchema, ZCameraSummarySchema, ZCreateCameraRequestSchema, ZIdParamSchema,
  ZCameraTestResultSchema, ZImportCamerasRequestSchema, ZImportCamerasResultSchema, ZListCamerasRequestSchema, ZSnapshotSchema, ZUpdateCameraRequestSchema, zPage,
} from '@sentinel/contracts';
import { takeSnapshot, testConnection } from '../media/service.ts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import * as backup from './backup.ts';
import * as cameras from './service.ts';
import { summariseAllCameras, summariseCamera } from './summary.ts';

const TAG = ['Cameras'];

export const camerasRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/cameras', tags: TAG, summary: 'List cameras (filters status, streamType, enabled, search)', protect: true }, permission: 'cameras:read', envelope: 'page' })
    .input(ZListCamerasRequestSchema)
    .output(zPage(ZCameraSchema))
    .query(({ ctx, input }) => cameras.listCameraInventory(ctx.app, input)),

  create: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/cameras', tags: TAG, summary: 'Add a camera (409 when the id exists)', protect: true }, permission: 'cameras:write', successStatus: 201 })
    .input(ZCreateCameraRequestSchema)
    .output(ZCameraSchema)
    .mutation(({ ctx, input }) => cameras.createCamera(ctx.app, input, actorOf(ctx))),

  summaries: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/cameras/summary', tags: TAG, summary: "Every camera's detections today, unknown faces and 24-hour uptime", protect: true }, permission: 'cameras:read' })
    .input(z.void())
    .output(z.array(ZCameraSummarySchema))
    .query(({ ctx }) => summariseAllCameras(ctx.app.db)),

  exportGet: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/cameras/export', tags: TAG, summary: 'Configuration backup of every camera (credentials masked)', protect: true }, permission: 'cameras:read' })
    .input(z.void())
    .output(ZCameraExportSchema)
    .query(({ ctx }) => backup.exportCameras(ctx.app)),

  exportPost: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/cameras/export', tags: TAG, summary: 'Same as GET /cameras/export', protect: true }, permission: 'cameras:read' })
    .input(z.void())
    .output(ZCameraExportSchema)
    .mutation(({ ctx }) => backup.exportCameras(ctx.app)),

  import: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/cameras/import', tags: TAG, summary: 'Restore cameras from a backup (merge or replace); invalid items are skipped and listed', protect: true }, permission: 'cameras:write', successStatus: 202 })
    .input(ZImportCamerasRequestSchema)
    .output(ZImportCamerasResultSchema)
    .mutation(({ ctx, input }) => backup.importCameras(ctx.app, input, actorOf(ctx))),

  get: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/cameras/{id}', tags: TAG, summary: 'One camera with its telemetry', protect: true }, permission: 'cameras:read' })
    .input(ZIdParamSchema)
    .output(ZCameraSchema)
    .query(({ ctx, input }) => cameras.getCamera(ctx.app, input.id)),

  update: authedProcedure
    .meta({ openapi: { method: 'PUT', path: '/cameras/{id}', tags: TAG, summary: 'Update a camera (telemetry fields are read-only and ignored)', protect: true }, permission: 'cameras:write' })
    .input(ZUpdateCameraRequestSchema)
    .output(ZCameraSchema)
    .mutation(({ ctx, input }) => cameras.updateCamera(ctx.app, input, actorOf(ctx))),

  setState: authedProcedure
    .meta({ openapi: { method: 'PATCH', path: '/cameras/{id}/state', tags: TAG, summary: 'Enable or disable a camera', protect: true }, permission: 'cameras:write' })
    .input(ZCameraStateRequestSchema)
    .output(ZCameraSchema)
    .mutation(({ ctx, input }) => cameras.setCameraEnabled(ctx.app, input, actorOf(ctx))),

  delete: authedProcedure
    .meta({ openapi: { method: 'DELETE', path: '/cameras/{id}', tags: TAG, summary: 'Delete a camera', protect: true }, permission: 'cameras:write', successStatus: 204 })
    .input(ZIdParamSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => cameras.deleteCamera(ctx.app, input.id, actorOf(ctx))),

  testConnection: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/cameras/{id}/test-connection', tags: TAG, summary: 'Open the real stream and measure it (200 also when the camera fails: success false and the reason); updates the telemetry', protect: true }, permission: 'cameras:write' })
    .input(ZIdParamSchema)
    .output(ZCameraTestResultSchema)
    .mutation(({ ctx, input }) => testConnection(ctx.app, input.id)),

  snapshot: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/cameras/{id}/snapshot', tags: TAG, summary: 'Grab a real frame, store it and make it the thumbnail (502 MEDIA_SNAPSHOT_FAILED when the camera gives none)', protect: true }, permission: 'cameras:write', successStatus: 201 })
    .input(ZIdParamSchema)
    .output(ZSnapshotSchema)
    .mutation(({ ctx, input }) => takeSnapshot(ctx.app, input.id, actorOf(ctx))),

  summary: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/cameras/{id}/summary', tags: TAG, summary: "One camera's detections today, unknown faces and 24-hour uptime", protect: true }, permission: 'cameras:read' })
    .input(ZIdParamSchema)
    .output(ZCameraSummarySchema)
    .query(({ ctx, input }) => summariseCamera(ctx.app.db, input.id)),
});
