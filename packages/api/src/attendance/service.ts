/**
 * Attendance records as operators see and correct them: the filtered log with its summary, today's presence
 * cards, manual entries (which win over the cameras) and voids. Every change is audited in its transaction
 * and announced live after commit.
 */
import { invalid, newId, notFound } from '@sentinel/platform';
import {
  pageMeta, type TAttendanceLog, type TAttendanceLogPage, type TAttendanceRecordsRequest, type TListAttendanceLogsRequest, type TManualAttendanceRequest,
} from '@sentinel/contracts';
import type { Database, Kysely } from '@sentinel/db';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import { attendanceDayOf } from '../shifts/assignment.ts';
import { allShifts } from '../shifts/repository.ts';
import { localTime } from '../shifts/site-clock.ts';
import { getSiteTimezone } from '../settings/site.ts';
import { manualValues } from './day-rules.ts';
import { publishAttendance, type AttendanceDeps } from './live.ts';
import * as repo from './repository.ts';

/** A manual time may be a little ahead of the server clock (an operator's watch), not more. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export async function listAttendanceLogs(db: Kysely<Database>, q: TListAttendanceLogsRequest): Promise<TAttendanceLogPage> {
  // two statements, so PostgreSQL can run them on two connections at once
  const [summary, rows] = await Promise.all([repo.summarise(db, q), repo.listPage(db, q)]);
  return { data: rows.map(repo.toLog), meta: pageMeta(q.page, q.pageSize, summary.total), summary };
}

/** Today's records (site time zone), most recently active first. */
export async function presenceRecords(db: Kysely<Database>, q: TAttendanceRecordsRequest, now = new Date()): Promise<TAttendanceLog[]> {
  const today = localTime(now, await getSiteTimezone(db)).date;
  const rows = await repo.recordsOfDay(db, today, { limit: q.limit, status: q.status, department: q.department });
  return rows.map(repo.toLog);
}

export async function recordManualAttendance(deps: AttendanceDeps, input: TManualAttendanceRequest, actor: Actor, now = new Date()): Promise<TAttendanceLog> {
  const at = new Date(input.timestamp);
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) throw invalid('timestamp', 'must not be in the future');
  const log = await deps.db.transaction().execute(async (trx) => {
    await repo.lockPerson(trx, input.employeeId);
    const person = await repo.findPerson(trx, input.employeeId);
    if (!person) throw invalid('employeeId', `no registered person has employee id '${input.employeeId}'`);
    const cameraName = await repo.findCameraName(trx, input.cameraId);
    if (cameraName === undefined) throw invalid('cameraId', `unknown camera '${input.cameraId}'`);
    const day = attendanceDayOf(at, person.department, await allShifts(trx), await getSiteTimezone(trx));
    const camera = { id: input.cameraId, name: cameraName };
    let existing = await repo.findDay(trx, person.employeeId, day.date);
    let id = existing?.id ?? newId('ATT');
    if (!existing && !(await repo.insertDay(trx, id, person, day.date, manualValues(input, at, camera, day, undefined)))) {
      existing = (await repo.findDay(trx, person.employeeId, day.date))!; // the missed job opened the day meanwhile
      id = existing.id;
    }
    if (existing) await repo.updateDay(trx, id, manualValues(input, at, camera, day, existing));
    const after = repo.toLog((await repo.findLive(trx, id))!);
    await recordAudit(trx, actor, {
      action: 'attendance.manual',
      resourceType: 'attendance',
      resourceId: id,
      message: `${after.status} for ${person.employeeId} on ${day.date}${input.note ? `: ${input.note}` : ''}`,
      before: existing ? repo.toLog(existing) : null,
      after,
    });
    return after;
  });
  await publishAttendance(deps, log, 'recorded');
  return log;
}

/** Voids (soft-deletes) a record: hidden from every list and count, kept for the audit trail. */
export async function voidAttendanceRecord(deps: AttendanceDeps, id: string, actor: Actor): Promise<void> {
  const before = await deps.db.transaction().execute(async (trx) => {
    const record = await repo.findLive(trx, id);
    if (!record) throw notFound('Attendance record', id);
    await repo.lockPerson(trx, record.employeeId);
    const locked = await repo.findDay(trx, record.employeeId, record.date);
    if (locked?.id !== id) throw notFound('Attendance record', id); // voided or replaced meanwhile
    await repo.voidRecord(trx, id, actor.id);
    const log = repo.toLog(locked);
    await recordAudit(trx, actor, { action: 'attendance.void', resourceType: 'attendance', resourceId: id, severity: 'warning', before: log });
    return log;
  });
  await publishAttendance(deps, before, 'voided');
}
