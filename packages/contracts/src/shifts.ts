/**
 * Shift schedules: when a department is expected, in the site's time zone. They decide late (time in after
 * start + grace) and missed (no sighting by the end), and which day a night shift's sightings belong to.
 */
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const zClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM (00:00-23:59)');
const zDays = z
  .array(z.enum(WEEKDAYS))
  .min(1)
  .max(7)
  .transform((days) => WEEKDAYS.filter((d) => days.includes(d)))
  .describe('weekdays on which the shift starts');
const zDepartments = z
  .array(z.string().trim().min(1).max(120))
  .max(100)
  .transform((list) => [...new Set(list)])
  .describe('departments this shift applies to; empty = the default shift for every department without its own');

export const ZShiftScheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  days: z.array(z.enum(WEEKDAYS)),
  start: z.string().describe('HH:MM site time'),
  end: z.string().describe('HH:MM site time; earlier than start means the shift ends the next day'),
  graceMinutes: z.number().int().describe('a time in later than start + grace is late'),
  departments: z.array(z.string()),
  crossesMidnight: z.boolean().describe('sightings after midnight, up to halfway to the next start, belong to the day the shift started'),
  timezone: z.string().describe('the site time zone start and end are read in'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TShiftSchedule = z.infer<typeof ZShiftScheduleSchema>;

export const ZCreateShiftRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    days: zDays,
    start: zClock,
    end: zClock,
    graceMinutes: z.number().int().min(0).max(720).default(0),
    departments: zDepartments.default([]),
  })
  .refine((s) => s.start !== s.end, { path: ['end'], message: 'end must differ from start' });
export type TCreateShiftRequest = z.infer<typeof ZCreateShiftRequestSchema>;

export const ZUpdateShiftRequestSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(120).optional(),
  days: zDays.optional(),
  start: zClock.optional(),
  end: zClock.optional(),
  graceMinutes: z.number().int().min(0).max(720).optional(),
  departments: zDepartments.optional(),
});
export type TUpdateShiftRequest = z.infer<typeof ZUpdateShiftRequestSchema>;
