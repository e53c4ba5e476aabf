/**
 * /exports and the per-domain shortcuts (POST /attendance/export, POST /audit/export, GET /history/export):
 * every one starts the same job through createExport with the type fixed. Permissions depend on the type
 * (see kinds.ts), so they are checked by the service rather than in the meta. GET /history/export starts a
 * job although it is a GET (the plan's choice): the same query from the same caller within 60 s returns
 * the job already started instead of a new one. The status alias is declared before /exports/{jobId}.
 */
import { z } from 'zod';
import {
  ZCreateExportRequestSchema, ZExportAcceptedSchema, ZExportIdParamSchema, ZExportJobSchema, ZHistoryExportRequestSchema, ZListExportsRequestSchema,
  ZTypedExportRequestSchema, zPage,
} from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import * as exportsService from './service.ts';

const TAG = ['Exports'];
const STATUS_TEXT = 'Poll GET /exports/{jobId} until status is completed (downloadUrl) or failed (error).';

export const exportsRouter = router({
  create: authedProcedure
    .meta({
      openapi: {
        method: 'POST', path: '/exports', tags: TAG, protect: true, summary: 'Start a CSV or PDF export of attendance, the audit trail or a person\'s history',
        description: `Needs attendance:export (attendance), audit:export (audit), attendance:export or faces:read (history). ${STATUS_TEXT}`,
      },
      successStatus: 202,
    })
    .input(ZCreateExportRequestSchema)
    .output(ZExportAcceptedSchema)
    .mutation(({ ctx, input }) => exportsService.createExport(ctx.app, ctx.user, actorOf(ctx), input)),

  createTyped: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/exports/{type}', tags: TAG, protect: true, summary: 'Same as POST /exports, with the type in the path', description: STATUS_TEXT }, successStatus: 202 })
    .input(ZCreateExportRequestSchema)
    .output(ZExportAcceptedSchema)
    .mutation(({ ctx, input }) => exportsService.createExport(ctx.app, ctx.user, actorOf(ctx), input)),

  list: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/exports', tags: TAG, protect: true, summary: "The caller's export jobs, newest first (Admins: scope=all for everyone's)" }, envelope: 'page' })
    .input(ZListExportsRequestSchema)
    .output(zPage(ZExportJobSchema))
    .query(({ ctx, input }) => exportsService.listExports(ctx.app, ctx.user, input)),

  status: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/exports/{jobId}/status', tags: TAG, protect: true, summary: 'Alias of GET /exports/{jobId}' } })
    .input(ZExportIdParamSchema)
    .output(ZExportJobSchema)
    .query(({ ctx, input }) => exportsService.getExport(ctx.app, ctx.user, input.jobId)),

  get: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/exports/{jobId}', tags: TAG, protect: true, summary: 'An export job: status, progress and, once completed, a signed download link' } })
    .input(ZExportIdParamSchema)
    .output(ZExportJobSchema)
    .query(({ ctx, input }) => exportsService.getExport(ctx.app, ctx.user, input.jobId)),

  delete: authedProcedure
    .meta({ openapi: { method: 'DELETE', path: '/exports/{jobId}', tags: TAG, protect: true, summary: 'Delete an export and its file (a job being built stops)' }, successStatus: 204 })
    .input(ZExportIdParamSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => exportsService.deleteExport(ctx.app, ctx.user, actorOf(ctx), input.jobId)),

  attendance: authedProcedure
    .meta({
      openapi: { method: 'POST', path: '/attendance/export', tags: ['Attendance', ...TAG], protect: true, summary: 'Export attendance logs (filters of GET /attendance/logs)', description: STATUS_TEXT },
      permission: 'attendance:export',
      successStatus: 202,
    })
    .input(ZTypedExportRequestSchema)
    .output(ZExportAcceptedSchema)
    .mutation(({ ctx, input }) => exportsService.createExport(ctx.app, ctx.user, actorOf(ctx), { ...input, type: 'attendance' })),

  audit: authedProcedure
    .meta({
      openapi: { method: 'POST', path: '/audit/export', tags: ['Audit', ...TAG], protect: true, summary: 'Export the audit trail, CSV by default (filters of GET /audit)', description: STATUS_TEXT },
      permission: 'audit:export',
      successStatus: 202,
    })
    .input(ZTypedExportRequestSchema)
    .output(ZExportAcceptedSchema)
    .mutation(({ ctx, input }) => exportsService.createExport(ctx.app, ctx.user, actorOf(ctx), { ...input, type: 'audit' })),

  history: authedProcedure
    .meta({
      openapi: {
        method: 'GET', path: '/history/export', tags: ['History', ...TAG], protect: true, summary: "Export a person's history (starts a job; repeated within 60 s: the same job)",
        description: `Needs attendance:export or faces:read. ${STATUS_TEXT}`,
      },
      successStatus: 202,
    })
    .input(ZHistoryExportRequestSchema)
    .output(ZExportAcceptedSchema)
    .query(({ ctx, input }) => {
      const { format, ...filters } = input;
      return exportsService.createExport(ctx.app, ctx.user, actorOf(ctx), { type: 'history', format, filters }, { dedupe: true });
    }),
});
