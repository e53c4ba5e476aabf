/**
 * The scheduled mark-missed job: for every shift that has ended, each registered person it applies to who
 * has no record of that day gets a `missed` record. Rules:
 * - registered = an active face profile created before the shift started (nobody is missed for a shift that
 *   began before they were enrolled);
 * - a day that has any record, a voided one included, is left alone (an operator who voided a day decided
 *   about it; a manual 'missed' entry is the way to mark it);
 * - it looks back `lookbackDays` site days, so a job that did not run for a while (downtime) catches up;
 * - people without a shift that day are never missed.
 * A sighting after the mark turns the record into a late one (see day-rules.ts).
 */
import { newId } from '@sentinel/platform';
import { sql, type Database, type Kysely } from '@sentinel/db';
import { crossesMidnight, occurrence, type ShiftRule } from '../shifts/assignment.ts';
import { allShifts } from '../shifts/repository.ts';
import { addDays, localTime, weekdayOf } from '../shifts/site-clock.ts';
import { getSiteTimezone } from '../settings/site.ts';

const INSERT_BATCH = 500;

export interface MarkMissedOptions {
  now?: Date;
  lookbackDays?: number;
}

/** Departments that have their own shift on a weekday: the default shift does not apply to them. */
function ownShiftDepartments(shifts: readonly ShiftRule[], weekday: string): string[] {
  return shifts.filter((s) => s.departments.length > 0 && s.days.some((d) => d === weekday)).flatMap((s) => [...s.departments]);
}

export async function markMissedAttendance(deps: { db: Kysely<Database> }, opts: MarkMissedOptions = {}): Promise<{ marked: number }> {
  const now = opts.now ?? new Date();
  const lookback = opts.lookbackDays ?? 2;
  const zone = await getSiteTimezone(deps.db);
  const shifts = await allShifts(deps.db);
  const today = localTime(now, zone).date;
  let marked = 0;
  // a night shift that started yesterday ends today: start one day earlier than the lookback so it is seen
  for (let back = lookback + (shifts.some(crossesMidnight) ? 1 : 0); back >= 0; back--) {
    const date = addDays(today, -back);
    const weekday = weekdayOf(date);
    for (const shift of shifts.filter((s) => s.days.includes(weekday))) {
      const occ = occurrence(shift, date, zone);
      if (occ.end > now) continue;
      marked += await markShiftDay(deps.db, shift, date, occ.start, ownShiftDepartments(shifts, weekday));
    }
  }
  return { marked };
}

async function markShiftDay(db: Kysely<Database>, shift: ShiftRule, date: string, start: Date, ownShift: string[]): Promise<number> {
  let people = db
    .selectFrom('face_profiles as p')
    .select(['p.employee_id', 'p.name', 'p.department'])
    .where('p.status', '=', 'active')
    .where('p.created_at', '<=', start)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('attendance_logs as a').select(sql`1`.as('one')).whereRef('a.employee_id', '=', 'p.employee_id').where('a.date', '=', date))));
  if (shift.departments.length) people = people.where('p.department', 'in', [...shift.departments]);
  else if (ownShift.length) people = people.where('p.department', 'not in', ownShift);
  const missing = await people.execute();
  let inserted = 0;
  for (let i = 0; i < missing.length; i += INSERT_BATCH) {
    const rows = missing.slice(i, i + INSERT_BATCH).map((p) => ({
      id: newId('ATT'),
      employee_id: p.employee_id,
      name: p.name,
      department: p.department,
      date,
      status: 'missed',
      source: 'auto',
      shift_id: shift.id,
      odoo_status: 'pending',
    }));
    // a sighting that opened the day meanwhile wins
    const result = await db
      .insertInto('attendance_logs')
      .values(rows)
      .onConflict((oc) => oc.columns(['employee_id', 'date']).where('voided_at', 'is', null).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}
