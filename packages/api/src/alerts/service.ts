/**
 * Business rules for alerts. Every domain raises alerts through `raiseAlert`:
 * - Identical = same fingerprint (type, level, cameraId, employeeId, title). A raise folds into the newest
 *   identical alert that is unacknowledged, not cleared or resolved, and was last seen within
 *   ALERT_FOLD_WINDOW_SECONDS: its count grows, last seen moves and the message becomes the latest one.
 *   Otherwise a new alert is created. Raises of one fingerprint are serialised by an advisory lock.
 * - Muting: while any alert of a fingerprint has mutedUntil in the future, new occurrences are still
 *   recorded (folded or inserted; a new row inherits the mute) but publish no live event, and the
 *   escalation job skips muted alerts. Once the mute ends, an alert still open escalates as usual.
 * - New alerts, acknowledgements, mutes, clears and resolutions are audited in their own transaction;
 *   folds are not (the row's count and last seen record them, and auditing each would flood the trail).
 * - Live events `{type:'alert', alert}` go out after commit, for every change (folds included).
 */
import { createHash } from 'node:crypto';
import { invalid, newId, notFound, type AppConfig } from '@sentinel/platform';
import type { Database, Kysely } from '@sentinel/db';
import {
  pageMeta, type AlertLevel, type Page, type TAlert, type TGenerateTestAlertRequest, type TListAlertsRequest, type TMuteAlertRequest,
} from '@sentinel/contracts';
import { SYSTEM_ACTOR, type Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import { findCamera } from '../cameras/repository.ts';
import { publishAlerts, type LiveDeps } from './live.ts';
import * as repo from './repository.ts';

export const DEFAULT_FOLD_WINDOW_SECONDS = 300;

export interface AlertDeps extends LiveDeps {
  db: Kysely<Database>;
  config?: Pick<AppConfig, 'ALERT_FOLD_WINDOW_SECONDS'>;
}

export interface RaiseAlertInput {
  level: AlertLevel;
  /** what raised it: unknown-face, camera-offline, detection-provider, odoo-sync, test, ... */
  type: string;
  title: string;
  message: string;
  cameraId?: string | null;
  employeeId?: string | null;
}

export interface RaisedAlert {
  alert: TAlert;
  /** true when it was folded into an existing identical alert */
  folded: boolean;
  /** true when its fingerprint is muted: recorded, but not published and not escalated */
  muted: boolean;
}

export function fingerprintOf(input: Pick<RaiseAlertInput, 'type' | 'level' | 'title' | 'cameraId' | 'employeeId'>): string {
  const key = JSON.stringify([input.type, input.level, input.cameraId ?? null, input.employeeId ?? null, input.title]);
  return createHash('sha256').update(key).digest('hex');
}

/** Raises an alert, folding it into an identical open one; see the module header for the rules. */
export async function raiseAlert(deps: AlertDeps, input: RaiseAlertInput, actor: Actor = SYSTEM_ACTOR): Promise<RaisedAlert> {
  const type = input.type.trim();
  const title = input.title.trim();
  if (!type) throw invalid('type', 'an alert needs a type');
  if (!title) throw invalid('title', 'an alert needs a title');
  const normalised = { ...input, type, title, cameraId: input.cameraId ?? null, employeeId: input.employeeId ?? null };
  const fingerprint = fingerprintOf(normalised);
  const windowSeconds = deps.config?.ALERT_FOLD_WINDOW_SECONDS ?? DEFAULT_FOLD_WINDOW_SECONDS;

  const raised = await deps.db.transaction().execute(async (trx): Promise<RaisedAlert> => {
    await repo.lockFingerprint(trx, fingerprint);
    const mutedUntil = await repo.activeMuteOf(trx, fingerprint);
    const target = await repo.findFoldTarget(trx, fingerprint, windowSeconds);
    if (target) {
      await repo.foldInto(trx, target, normalised.message);
      return { alert: (await repo.findAlert(trx, target))!, folded: true, muted: mutedUntil !== null };
    }
    const id = newId('ALR');
    await repo.insertAlert(trx, { ...normalised, id, fingerprint, mutedUntil });
    const alert = (await repo.findAlert(trx, id))!;
    await recordAudit(trx, actor, {
      action: 'alert.raise',
      resourceType: 'alert',
      resourceId: id,
      severity: alert.level,
      message: `${alert.type}: ${alert.title}`,
      after: alert,
    });
    return { alert, folded: false, muted: mutedUntil !== null };
  });
  if (!raised.muted) await publishAlerts(deps, [raised.alert]);
  return raised;
}

/**
 * Resolves the open alerts of a condition that went away (e.g. camera-offline for a camera that is back).
 * cameraId/employeeId narrow the match when given (null matches alerts without one). Returns the resolved alerts.
 */
export async function resolveAlerts(
  deps: AlertDeps,
  match: { type: string; cameraId?: string | null; employeeId?: string | null },
  actor: Actor = SYSTEM_ACTOR,
): Promise<TAlert[]> {
  const resolved = await deps.db.transaction().execute(async (trx) => {
    const ids = await repo.resolveOpenAlerts(trx, match);
    if (!ids.length) return [];
    await recordAudit(trx, actor, {
      action: 'alert.resolve',
      resourceType: 'alert',
      resourceId: ids.length === 1 ? ids[0] : null,
      message: `${ids.length} ${match.type} alert(s) resolved`,
      after: { ids, ...match },
    });
    return repo.findAlerts(trx, ids);
  });
  await publishAlerts(deps, resolved);
  return resolved;
}

export async function listAlerts(db: Kysely<Database>, q: TListAlertsRequest): Promise<Page<TAlert>> {
  const { rows, total } = await repo.listAlerts(db, q);
  return { data: rows, meta: pageMeta(q.page, q.pageSize, total) };
}

export async function getAlert(db: Kysely<Database>, id: string): Promise<TAlert> {
  const alert = await repo.findAlert(db, id);
  if (!alert) throw notFound('Alert', id);
  return alert;
}

/** Acknowledges an alert (stops folding into it and its escalation); acknowledging it again changes nothing. */
export async function acknowledgeAlert(deps: AlertDeps, id: string, actor: Actor): Promise<TAlert> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findAlert(trx, id);
    if (!before) throw notFound('Alert', id);
    if (!(await repo.acknowledgeAlert(trx, id, actor.id))) return { alert: before, changed: false };
    const after = (await repo.findAlert(trx, id))!;
    await recordAudit(trx, actor, { action: 'alert.acknowledge', resourceType: 'alert', resourceId: id, before, after });
    return { alert: after, changed: true };
  });
  if (result.changed) await publishAlerts(deps, [result.alert]);
  return result.alert;
}

/** Mutes an alert (and so its fingerprint) for a while, counted from now; muting again replaces the end. */
export async function muteAlert(deps: AlertDeps, input: TMuteAlertRequest, actor: Actor): Promise<TAlert> {
  const alert = await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findAlert(trx, input.id);
    if (!before) throw notFound('Alert', input.id);
    await repo.muteAlert(trx, input.id, input.durationMinutes);
    const after = (await repo.findAlert(trx, input.id))!;
    await recordAudit(trx, actor, {
      action: 'alert.mute',
      resourceType: 'alert',
      resourceId: input.id,
      message: `muted for ${input.durationMinutes} minute(s)`,
      before,
      after,
    });
    return after;
  });
  await publishAlerts(deps, [alert]);
  return alert;
}

/** Clears an alert: a soft delete that hides it from every list. */
export async function clearAlert(deps: AlertDeps, id: string, actor: Actor): Promise<void> {
  const alert = await deps.db.transaction().execute(async (trx) => {
    const before = await repo.findAlert(trx, id);
    if (!before) throw notFound('Alert', id);
    await repo.clearAlert(trx, id);
    await recordAudit(trx, actor, { action: 'alert.clear', resourceType: 'alert', resourceId: id, before });
    return (await repo.findAlert(trx, id, { includeCleared: true }))!;
  });
  await publishAlerts(deps, [alert]);
}

/** The sandbox's test alert: it goes through the same pipeline (folding, muting, events) as any other. */
export async function generateTestAlert(deps: AlertDeps, input: TGenerateTestAlertRequest, actor: Actor): Promise<TAlert> {
  if (input.cameraId) {
    if (!(await findCamera(deps.db, input.cameraId))) throw invalid('cameraId', `unknown camera '${input.cameraId}'`);
  }
  const { alert } = await raiseAlert(deps, { level: input.level, type: 'test', title: input.title, message: input.message, cameraId: input.cameraId ?? null }, actor);
  return alert;
}
