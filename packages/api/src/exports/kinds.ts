/**
 * The three export types: who may start one, how its filters are validated (by the list endpoint's own
 * schema, so an export accepts exactly what the list accepts), and where its rows come from.
 * Permissions: attendance needs attendance:export; audit needs audit:export; a person's history needs
 * attendance:export or faces:read (it shows where a registered person was seen).
 */
import type { z } from 'zod';
import { AppError } from '@sentinel/platform';
import {
  ZListAttendanceLogsRequestSchema, ZListAuditRequestSchema, ZPersonHistoryRequestSchema, type ExportType, type Permission,
} from '@sentinel/contracts';
import { validationError } from '../core/errors.ts';
import { findPerson } from '../attendance/repository.ts';
import { attendanceSource } from './sources/attendance.ts';
import { auditSource } from './sources/audit.ts';
import { historySource } from './sources/history.ts';
import type { Db, RowSource } from './sources/source.ts';

export interface ExportKind {
  /** any one of these permissions allows the export */
  permissions: readonly Permission[];
  /** validated filter fields only (paging and sorting dropped); throws a 422 naming `filters.<field>` */
  parseFilters(raw: Record<string, unknown>): Record<string, unknown>;
  /** the rows of stored (already validated) filters; throws ExportRefused when they no longer apply */
  open(db: Db, filters: Record<string, unknown>): Promise<RowSource>;
}

/** A reason an export cannot be built that retrying will not fix; shown to the user as is. */
export class ExportRefused extends Error {}

const IGNORED = new Set(['page', 'pageSize', 'sortBy', 'sortDir']);

function parseWith<S extends z.ZodType>(schema: S, raw: Record<string, unknown>, fields: readonly string[]): z.infer<S> {
  const input = Object.fromEntries(Object.entries(raw).filter(([k]) => !IGNORED.has(k)));
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ ...i, path: ['filters', ...i.path] })));
  const data = parsed.data as Record<string, unknown>;
  return Object.fromEntries(fields.filter((f) => data[f] !== undefined).map((f) => [f, data[f]])) as z.infer<S>;
}

const ATTENDANCE_FIELDS = ['search', 'cameraId', 'department', 'status', 'odooStatus', 'dateFrom', 'dateTo'] as const;
const AUDIT_FIELDS = ['actor', 'action', 'severity', 'resourceType', 'resourceId', 'from', 'to'] as const;
const HISTORY_FIELDS = ['employeeId', 'cameraId', 'from', 'to', 'type'] as const;

const attendanceFilters = (raw: Record<string, unknown>) => parseWith(ZListAttendanceLogsRequestSchema, raw, ATTENDANCE_FIELDS);
const auditFilters = (raw: Record<string, unknown>) => parseWith(ZListAuditRequestSchema, raw, AUDIT_FIELDS);
const historyFilters = (raw: Record<string, unknown>) => parseWith(ZPersonHistoryRequestSchema, raw, HISTORY_FIELDS);

export const EXPORT_KINDS: Record<ExportType, ExportKind> = {
  attendance: {
    permissions: ['attendance:export'],
    parseFilters: attendanceFilters,
    open: (db, filters) => Promise.resolve(attendanceSource(db, attendanceFilters(filters))),
  },
  audit: {
    permissions: ['audit:export'],
    parseFilters: auditFilters,
    open: (db, filters) => Promise.resolve(auditSource(db, auditFilters(filters))),
  },
  history: {
    permissions: ['attendance:export', 'faces:read'],
    parseFilters: historyFilters,
    async open(db, filters) {
      const f = historyFilters(filters);
      const person = await findPerson(db, f.employeeId);
      if (!person) throw new ExportRefused(`Person '${f.employeeId}' is no longer registered`);
      return historySource(db, f, person);
    },
  },
};

export function mayExport(type: ExportType, permissions: readonly Permission[]): boolean {
  return EXPORT_KINDS[type].permissions.some((p) => permissions.includes(p));
}

export function refuseUnlessAllowed(type: ExportType, permissions: readonly Permission[]): void {
  if (!mayExport(type, permissions)) {
    const needed = EXPORT_KINDS[type].permissions.map((p) => `'${p}'`).join(' or ');
    throw new AppError('AUTH_FORBIDDEN', `Exporting ${type} needs the ${needed} permission`);
  }
}
