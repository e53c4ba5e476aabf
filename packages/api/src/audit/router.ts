/** /audit: the audit trail (read-only; entries are written by services through audit/trail.ts). */
import { notFound } from '@sentinel/platform';
import { ZAuditLogSchema, ZIdParamSchema, ZListAuditRequestSchema, pageMeta, zPage } from '@sentinel/contracts';
import { authedProcedure, router } from '../core/trpc.ts';
import { findAuditLog, listAuditLogs } from './repository.ts';

const TAG = ['Audit'];

export const auditRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/audit', tags: TAG, summary: 'Audit entries, newest first', protect: true }, permission: 'audit:read', envelope: 'page' })
    .input(ZListAuditRequestSchema)
    .output(zPage(ZAuditLogSchema))
    .query(async ({ ctx, input }) => {
      const { rows, total } = await listAuditLogs(ctx.app.db, input);
      return { data: rows, meta: pageMeta(input.page, input.pageSize, total) };
    }),

  get: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/audit/{id}', tags: TAG, summary: 'One audit entry', protect: true }, permission: 'audit:read' })
    .input(ZIdParamSchema)
    .output(ZAuditLogSchema)
    .query(async ({ ctx, input }) => {
      const entry = await findAuditLog(ctx.app.db, input.id);
      if (!entry) throw notFound('Audit entry', input.id);
      return entry;
    }),
});
