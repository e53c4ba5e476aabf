/** The audit trail: who changed what, when, from where. */
import { z } from 'zod';
import { ZPageQuerySchema, zIsoDateTime } from './common.ts';

export const AUDIT_SEVERITIES = ['info', 'warning', 'critical'] as const;

export const ZAuditLogSchema = z.object({
  id: z.string(),
  timestamp: z.string().describe('ISO 8601 UTC'),
  actorId: z.string().nullable(),
  actor: z.string(),
  action: z.string().describe('e.g. camera.create, user.update, auth.login'),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  severity: z.enum(AUDIT_SEVERITIES),
  message: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type TAuditLog = z.infer<typeof ZAuditLogSchema>;

export const ZListAuditRequestSchema = ZPageQuerySchema.extend({
  actor: z.string().max(120).optional().describe('actor id or name'),
  action: z.string().max(120).optional().describe('exact action, or a prefix ending in * (camera.*)'),
  severity: z.enum(AUDIT_SEVERITIES).optional(),
  resourceType: z.string().max(60).optional(),
  resourceId: z.string().max(120).optional(),
  from: zIsoDateTime.optional(),
  to: zIsoDateTime.optional(),
  sortBy: z.enum(['timestamp', 'action', 'actor', 'severity']).default('timestamp'),
});
export type TListAuditRequest = z.infer<typeof ZListAuditRequestSchema>;
