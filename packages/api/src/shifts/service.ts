/**
 * Business rules for shift schedules: unique names, a grace shorter than the shift, and no two shifts that
 * could both claim a person on the same weekday (the same department twice, or two default shifts). A change
 * applies to sightings and missed marks from then on; records already made keep the status they were given.
 */
import { conflict, invalid, newId, notFound } from '@sentinel/platform';
import { sql, type Database, type Kysely, type Transaction } from '@sentinel/db';
import type { TCreateShiftRequest, TShiftSchedule, TUpdateShiftRequest } from '@sentinel/contracts';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import { getSiteTimezone } from '../settings/site.ts';
import { crossesMidnight } from './assignment.ts';
import { clockMinute, clockText } from './site-clock.ts';
import * as repo from './repository.ts';

export function toShiftSchedule(s: repo.ShiftRecord, timezone: string): TShiftSchedule {
  return {
    id: s.id,
    name: s.name,
    days: [...s.days],
    start: clockText(s.startMinute),
    end: clockText(s.endMinute),
    graceMinutes: s.graceMinutes,
    departments: [...s.departments],
    crossesMidnight: crossesMidnight(s),
    timezone,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export async function listShiftSchedules(db: Kysely<Database>): Promise<TShiftSchedule[]> {
  const [shifts, zone] = await Promise.all([repo.allShifts(db), getSiteTimezone(db)]);
  return shifts.map((s) => toShiftSchedule(s, zone));
}

/** Refuses a schedule that breaks a rule; `id` is the shift being updated, excluded from the comparison. */
async function checkSchedule(trx: Transaction<Database>, shift: repo.ShiftWrite, id?: string): Promise<void> {
  const length = crossesMidnight(shift) ? 1440 - shift.startMinute + shift.endMinute : shift.endMinute - shift.startMinute;
  if (shift.graceMinutes >= length) throw invalid('graceMinutes', `must be shorter than the shift (${length} minutes)`);
  // two admins saving overlapping shifts at once must not both pass the check below
  await sql`SELECT pg_advisory_xact_lock(hashtext('sentinel:shift-schedules'))`.execute(trx);
  const named = await repo.findShiftByName(trx, shift.name);
  if (named && named.id !== id) throw conflict(`A shift named '${shift.name}' already exists`, { name: shift.name });
  for (const other of await repo.allShifts(trx)) {
    if (other.id === id) continue;
    const sharedDays = shift.days.filter((d) => other.days.includes(d));
    if (!sharedDays.length) continue;
    const bothDefault = shift.departments.length === 0 && other.departments.length === 0;
    const sharedDepartments = shift.departments.filter((d) => other.departments.includes(d));
    if (bothDefault || sharedDepartments.length) {
      const whom = bothDefault ? 'the default shift' : `department ${sharedDepartments.map((d) => `'${d}'`).join(', ')}`;
      throw conflict(`'${other.name}' already is ${whom} on ${sharedDays.join(', ')}: a person can have one shift a day`, {
        shiftId: other.id,
        days: sharedDays,
        departments: sharedDepartments,
      });
    }
  }
}

async function reload(trx: Transaction<Database>, id: string): Promise<TShiftSchedule> {
  return toShiftSchedule((await repo.findShift(trx, id))!, await getSiteTimezone(trx));
}

export async function createShiftSchedule(db: Kysely<Database>, input: TCreateShiftRequest, actor: Actor): Promise<TShiftSchedule> {
  const shift: repo.ShiftWrite = {
    name: input.name,
    days: input.days,
    startMinute: clockMinute(input.start),
    endMinute: clockMinute(input.end),
    graceMinutes: input.graceMinutes,
    departments: input.departments,
  };
  const id = newId('SHF');
  return db.transaction().execute(async (trx) => {
    await checkSchedule(trx, shift);
    await repo.insertShift(trx, id, shift);
    const created = await reload(trx, id);
    await recordAudit(trx, actor, { action: 'shift.create', resourceType: 'shift', resourceId: id, after: created });
    return created;
  });
}

export async function updateShiftSchedule(db: Kysely<Database>, input: TUpdateShiftRequest, actor: Actor): Promise<TShiftSchedule> {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findShift(trx, input.id);
    if (!before) throw notFound('Shift', input.id);
    const shift: repo.ShiftWrite = {
      name: input.name ?? before.name,
      days: input.days ?? before.days,
      startMinute: input.start !== undefined ? clockMinute(input.start) : before.startMinute,
      endMinute: input.end !== undefined ? clockMinute(input.end) : before.endMinute,
      graceMinutes: input.graceMinutes ?? before.graceMinutes,
      departments: input.departments ?? before.departments,
    };
    if (shift.startMinute === shift.endMinute) throw invalid('end', 'end must differ from start');
    await checkSchedule(trx, shift, input.id);
    await repo.updateShift(trx, input.id, shift);
    const after = await reload(trx, input.id);
    await recordAudit(trx, actor, { action: 'shift.update', resourceType: 'shift', resourceId: input.id, before: toShiftSchedule(before, after.timezone), after });
    return after;
  });
}

export async function deleteShiftSchedule(db: Kysely<Database>, id: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await repo.findShift(trx, id);
    if (!before) throw notFound('Shift', id);
    await repo.deleteShift(trx, id);
    await recordAudit(trx, actor, { action: 'shift.delete', resourceType: 'shift', resourceId: id, severity: 'warning', before: toShiftSchedule(before, await getSiteTimezone(trx)) });
  });
}
