/**
 * Exports: CSV or PDF files of attendance, the audit trail or a person's history, built by a background
 * job (queued -> processing -> completed | failed) and downloaded through an expiring signed link.
 * `filters` are the filter fields of the type's list endpoint, validated by that endpoint's own schema.
 */
import { z } from 'zod';
import { ZPageQuerySchema } from './common.ts';
import { ZPersonHistoryRequestSchema } from './history.ts';

export const EXPORT_TYPES = ['attendance', 'audit', 'history'] as const;
export const EXPORT_FORMATS = ['csv', 'pdf'] as const;
export const EXPORT_STATUSES = ['queued', 'processing', 'completed', 'failed'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

const zFormat = z.enum(EXPORT_FORMATS).default('csv').describe('csv (every row) or pdf (a printable table, capped at EXPORT_MAX_PDF_ROWS rows)');
const zFilters = z
  .record(z.string(), z.unknown())
  .default({})
  .describe(
    'attendance: the filters of GET /attendance/logs (search, cameraId, department, status, odooStatus, dateFrom, dateTo); audit: those of GET /audit '
      + '(actor, action, severity, resourceType, resourceId, from, to); history: those of GET /history/person/{employeeId} (employeeId required, '
      + 'cameraId, from, to, type). Paging and sorting fields are ignored: exports keep the list\'s default order.',
  );

export const ZCreateExportRequestSchema = z.object({
  type: z.enum(EXPORT_TYPES),
  format: zFormat,
  filters: zFilters,
});
export type TCreateExportRequest = z.infer<typeof ZCreateExportRequestSchema>;

/** POST /attendance/export, POST /audit/export: the type is fixed by the path. */
export const ZTypedExportRequestSchema = z.object({ format: zFormat, filters: zFilters });
export type TTypedExportRequest = z.infer<typeof ZTypedExportRequestSchema>;

const historyFields = ZPersonHistoryRequestSchema.shape;

/** GET /history/export: the person-history filters in the query string. */
export const ZHistoryExportRequestSchema = z.object({
  format: zFormat,
  employeeId: historyFields.employeeId,
  cameraId: historyFields.cameraId,
  from: historyFields.from,
  to: historyFields.to,
  type: historyFields.type,
});
export type THistoryExportRequest = z.infer<typeof ZHistoryExportRequestSchema>;

export const ZExportAcceptedSchema = z.object({
  jobId: z.string(),
  status: z.enum(EXPORT_STATUSES).describe('queued for a new job; a repeated GET /history/export may return a job already further along'),
});
export type TExportAccepted = z.infer<typeof ZExportAcceptedSchema>;

export const ZExportJobSchema = z.object({
  jobId: z.string(),
  type: z.enum(EXPORT_TYPES),
  format: z.enum(EXPORT_FORMATS),
  status: z.enum(EXPORT_STATUSES),
  progress: z.number().int().min(0).max(100).describe('percent of the rows written; 100 only when completed'),
  rows: z.number().int().describe('rows written so far (the final count once completed)'),
  totalRows: z.number().int().nullable().describe('rows matching the filters, counted when processing started'),
  truncated: z.boolean().describe('true when a PDF stopped at EXPORT_MAX_PDF_ROWS: the CSV format has every row'),
  filters: z.record(z.string(), z.unknown()),
  downloadUrl: z.string().nullable().describe('signed, expiring link to the file, when completed'),
  downloadExpiresIn: z.number().int().nullable().describe('seconds the download link stays valid'),
  fileSize: z.number().int().nullable().describe('bytes, when completed'),
  error: z.string().nullable().describe('why the last attempt failed'),
  ownerId: z.string().nullable(),
  ownerName: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  expiresAt: z.string().nullable().describe('when the file and this job are deleted (EXPORT_RETENTION_HOURS after completion)'),
});
export type TExportJob = z.infer<typeof ZExportJobSchema>;

export const ZExportIdParamSchema = z.object({ jobId: z.string().min(1).max(64) });

export const ZListExportsRequestSchema = ZPageQuerySchema.omit({ sortDir: true }).extend({
  status: z.enum(EXPORT_STATUSES).optional(),
  type: z.enum(EXPORT_TYPES).optional(),
  scope: z.enum(['mine', 'all']).default('mine').describe("mine: the caller's exports; all: everyone's (Admins only)"),
});
export type TListExportsRequest = z.infer<typeof ZListExportsRequestSchema>;
