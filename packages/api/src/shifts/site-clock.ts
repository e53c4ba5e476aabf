/**
 * Wall-clock arithmetic in the site's time zone with Intl only: instants are UTC Dates, site days are
 * 'YYYY-MM-DD' strings and times of day are minutes after local midnight. Formatters are cached because
 * building one costs far more than using it.
 */
import { WEEKDAYS, type Weekday } from '@sentinel/contracts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

export interface LocalTime {
  /** site-local calendar date */
  date: string;
  /** minutes after site-local midnight (seconds dropped) */
  minute: number;
  weekday: Weekday;
}

function fields(at: number, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, mo: parts.month!, d: parts.day!, h: parts.hour!, mi: parts.minute!, s: parts.second! };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function weekdayOf(date: string): Weekday {
  const sundayFirst = new Date(`${date}T00:00:00Z`).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7]!;
}

export function localTime(at: Date, zone: string): LocalTime {
  const f = fields(at.getTime(), zone);
  const date = `${pad(f.y, 4)}-${pad(f.mo)}-${pad(f.d)}`;
  return { date, minute: f.h * 60 + f.mi, weekday: weekdayOf(date) };
}

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(at: number, zone: string): number {
  const f = fields(at, zone);
  return Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s) - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a site-local wall time happens. A second pass settles times near a DST change; a wall time
 * that does not exist (skipped by spring-forward) lands just after the gap.
 */
export function siteInstant(date: string, minute: number, zone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, 0, minute);
  const first = wall - offsetAt(wall, zone);
  const second = wall - offsetAt(first, zone);
  return new Date(second);
}

export const clockText = (minute: number): string => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
export const clockMinute = (text: string): number => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
