/**
 * Which shift a person works on a day, and which attendance day a sighting belongs to. Pure functions over
 * the shift list, so the rules can be read (and tested) without a database.
 *
 * Rules:
 * - A person's shift on a weekday is the shift listing their department that starts that weekday; failing
 *   that, the default shift (no departments) of that weekday; failing that, none (never late, never missed).
 *   The shifts service refuses schedules that would make this ambiguous.
 * - A sighting belongs to the site-local date it happens on, except while a shift that started the previous
 *   day is running over midnight: then it belongs to that previous day, up to halfway through the break
 *   before the next shift starts (a 22:00-06:00 shift's 02:00 and 07:00 sightings belong to the day before;
 *   its 15:00 sighting belongs to the new day).
 */
import type { Weekday } from '@sentinel/contracts';
import { addDays, localTime, siteInstant, weekdayOf } from './site-clock.ts';

export interface ShiftRule {
  id: string;
  name: string;
  days: readonly Weekday[];
  startMinute: number;
  endMinute: number;
  graceMinutes: number;
  departments: readonly string[];
}

export const crossesMidnight = (s: Pick<ShiftRule, 'startMinute' | 'endMinute'>): boolean => s.endMinute <= s.startMinute;

export function shiftFor(shifts: readonly ShiftRule[], department: string, weekday: Weekday): ShiftRule | undefined {
  const that = shifts.filter((s) => s.days.includes(weekday));
  return that.find((s) => s.departments.includes(department)) ?? that.find((s) => s.departments.length === 0);
}

/** One shift on one attendance day, as instants. */
export interface ShiftOccurrence {
  shift: ShiftRule;
  date: string;
  start: Date;
  end: Date;
  /** a time in after this is late */
  lateAfter: Date;
}

export function occurrence(shift: ShiftRule, date: string, zone: string): ShiftOccurrence {
  const start = siteInstant(date, shift.startMinute, zone);
  const end = siteInstant(crossesMidnight(shift) ? addDays(date, 1) : date, shift.endMinute, zone);
  return { shift, date, start, end, lateAfter: new Date(start.getTime() + shift.graceMinutes * 60_000) };
}

export interface AttendanceDay {
  date: string;
  /** the shift the day is judged against, if the person has one */
  occurrence: ShiftOccurrence | null;
}

export function attendanceDayOf(at: Date, department: string, shifts: readonly ShiftRule[], zone: string): AttendanceDay {
  const local = localTime(at, zone);
  const today = shiftFor(shifts, department, local.weekday);
  const previousDate = addDays(local.date, -1);
  const overnight = shiftFor(shifts, department, weekdayOf(previousDate));
  if (overnight && crossesMidnight(overnight)) {
    const nextStart = today && today.startMinute > overnight.endMinute ? today.startMinute : overnight.startMinute;
    const cutoff = overnight.endMinute + (nextStart - overnight.endMinute) / 2;
    if (local.minute < cutoff) return { date: previousDate, occurrence: occurrence(overnight, previousDate, zone) };
  }
  return { date: local.date, occurrence: today ? occurrence(today, local.date, zone) : null };
}

/** late when the time in is after shift start + grace; without a shift, always present. */
export function statusForTimeIn(timeIn: Date, day: AttendanceDay): 'present' | 'late' {
  return day.occurrence && timeIn.getTime() > day.occurrence.lateAfter.getTime() ? 'late' : 'present';
}
