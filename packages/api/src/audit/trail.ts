/**
 * The one place audit entries are written. Callers pass the transaction of the change itself, so a
 * change and its audit entry commit together. Secrets are redacted here, whatever the caller passes.
 */
import { maskUrlCredentials } from '@sentinel/platform';
import type { Database, Kysely, Transaction } from '@sentinel/db';
import type { Actor } from '../core/context.ts';

export type AuditSeverity = 'info' | 'warning' | 'critical';

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  severity?: AuditSeverity;
  message?: string;
  before?: object | null;
  after?: object | null;
}

const SECRET_KEY = /pass(word)?|secret|token|api_?key|hash|credential|sealed|authorization|cookie/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k) && !/^has[A-Z]/.test(k)) out[k] = v === null || v === undefined ? v : '[redacted]';
      else out[k] = redact(v);
    }
    return out;
  }
  if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return maskUrlCredentials(value);
  return value;
}

export async function recordAudit(db: Kysely<Database> | Transaction<Database>, actor: Actor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_logs')
    .values({
      actor_id: actor.id,
      actor_name: actor.name,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId ?? null,
      severity: entry.severity ?? 'info',
      message: entry.message ?? '',
      before: entry.before ? JSON.stringify(redact(entry.before)) : null,
      after: entry.after ? JSON.stringify(redact(entry.after)) : null,
      ip: actor.ip,
      request_id: actor.requestId,
    })
    .execute();
}
