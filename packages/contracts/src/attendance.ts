/**
 * Attendance: one record per person and attendance day, opened by the first sighting and extended by later
 * ones, or set by a manual entry. Voided records are kept for the audit trail but never listed or counted.
 */
import { z } from 'zod';
import { MAX_PAGE_SIZE, ZPageMetaSchema, ZPageQuerySchema, zIsoDateTime } from './common.ts';

export const ATTENDANCE_STATUSES = ['present', 'late', 'missed'] as const;
export const ODOO_STATUSES = ['synced', 'pending', 'failed'] as const;
export const ATTENDANCE_SOURCES = ['auto', 'manual'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** A calendar date in the site's time zone. */
export const zSiteDate = z.iso.date().describe('calendar date YYYY-MM-DD in the site time zone');

export const ZAttendanceLogSchema = z.object({
  id: z.string(),
  employeeId: z.string(),
  name: z.string().describe("the person's name when the record was made"),
  department: z.string(),
  date: zSiteDate.describe('attendance day: the site-local date on which the shift started (a 02:00 sighting of a 22:00-06:00 shift belongs to the previous date)'),
  timeIn: z.string().nullable().describe('first sighting of the day, or the manual time (ISO 8601 UTC); null for missed'),
  timeOut: z.string().nullable().describe('last sighting after the time in (ISO 8601 UTC); null until the person is seen again'),
  cameraId: z.string().nullable().describe('camera of the time in (or of the manual entry)'),
  cameraName: z.string().nullable().describe("that camera's name when the time in was recorded"),
  accuracy: z.number().nullable().describe('recognition confidence (0-1) of the time-in sighting; null for manual and missed records'),
  status: z.enum(ATTENDANCE_STATUSES).describe('late: time in after shift start + grace; missed: no sighting by the end of the shift'),
  source: z.enum(ATTENDANCE_SOURCES).describe('manual records were set by an operator; automatic sightings never change their time in or status'),
  shiftId: z.string().nullable().describe('the shift the day was judged against; null when the person had no shift that day'),
  note: z.string().nullable(),
  odooStatus: z.enum(ODOO_STATUSES).describe('pending after every change until the Odoo sync pushes it'),
  odooSyncTime: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAttendanceLog = z.infer<typeof ZAttendanceLogSchema>;

/** Filters shared by the log list and the statistics. */
const filterFields = {
  search: z.string().trim().max(100).optional().describe('part of the name or employee id (case-insensitive)'),
  cameraId: z.string().max(64).optional(),
  department: z.string().max(120).optional(),
  status: z.enum(ATTENDANCE_STATUSES).optional(),
  odooStatus: z.enum(ODOO_STATUSES).optional(),
  dateFrom: zSiteDate.optional().describe('first attendance day included (site time zone)'),
  dateTo: zSiteDate.optional().describe('last attendance day included (site time zone)'),
};

function datesInOrder(v: { dateFrom?: string | undefined; dateTo?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.dateFrom && v.dateTo && v.dateFrom > v.dateTo) ctx.addIssue({ code: 'custom', path: ['dateTo'], message: 'dateTo must not be before dateFrom' });
}

export const ATTENDANCE_SORT_FIELDS = ['date', 'timeIn', 'timeOut', 'name', 'employeeId', 'department', 'cameraName', 'status', 'accuracy'] as const;

export const ZListAttendanceLogsRequestSchema = ZPageQuerySchema.extend({
  ...filterFields,
  sortBy: z.enum(ATTENDANCE_SORT_FIELDS).default('date').describe('default date (newest first); sortDir defaults to desc for date, times and accuracy, asc otherwise'),
}).superRefine(datesInOrder);
export type TListAttendanceLogsRequest = z.infer<typeof ZListAttendanceLogsRequestSchema>;
export type TAttendanceFilter = Pick<TListAttendanceLogsRequest, keyof typeof filterFields>;

export const ZAttendanceSummarySchema = z.object({
  present: z.number().int(),
  late: z.number().int(),
  missed: z.number().int(),
  total: z.number().int(),
}).describe('counts over the whole filter, not only the page');
export type TAttendanceSummary = z.infer<typeof ZAttendanceSummarySchema>;

export const ZAttendanceLogPageSchema = z.object({ data: z.array(ZAttendanceLogSchema), meta: ZPageMetaSchema, summary: ZAttendanceSummarySchema });
export type TAttendanceLogPage = z.infer<typeof ZAttendanceLogPageSchema>;

export const ZAttendanceRecordsRequestSchema = z.object({
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  status: z.enum(ATTENDANCE_STATUSES).optional(),
  department: z.string().max(120).optional(),
});
export type TAttendanceRecordsRequest = z.infer<typeof ZAttendanceRecordsRequestSchema>;

export const ZManualAttendanceRequestSchema = z.object({
  employeeId: z.string().trim().min(1).max(64),
  cameraId: z.string().trim().min(1).max(64),
  timestamp: zIsoDateTime.describe('when the person arrived (ISO 8601); its site-local shift day is the record changed'),
  status: z.enum(ATTENDANCE_STATUSES).describe('wins over anything the cameras saw; missed clears the times'),
  note: z.string().trim().max(500).optional(),
});
export type TManualAttendanceRequest = z.infer<typeof ZManualAttendanceRequestSchema>;

export const STATISTIC_CATEGORIES = ['hour', 'day', 'camera'] as const;

export const ZAttendanceStatisticsRequestSchema = z.object({
  category: z.enum(STATISTIC_CATEGORIES).default('day').describe('hour: by hour of the time in (site time); day: by attendance day; camera: by time-in camera'),
  ...filterFields,
}).superRefine(datesInOrder);
export type TAttendanceStatisticsRequest = z.infer<typeof ZAttendanceStatisticsRequestSchema>;

export const ZAttendanceStatisticPointSchema = z.object({
  key: z.string().describe('hour 00-23, date YYYY-MM-DD, or camera id'),
  label: z.string(),
  present: z.number().int(),
  late: z.number().int(),
  missed: z.number().int().describe('missed records have no time in and no camera: they appear only by day'),
  total: z.number().int(),
});
export type TAttendanceStatisticPoint = z.infer<typeof ZAttendanceStatisticPointSchema>;

export const ZAttendanceOverviewSchema = z.object({
  date: zSiteDate.describe("today's attendance day"),
  timezone: z.string(),
  present: z.number().int(),
  late: z.number().int(),
  missed: z.number().int(),
  unknowns: z.number().int().describe('unknown-face detections since site-local midnight'),
  activeCameras: z.number().int().describe('enabled cameras that are online'),
  totalCameras: z.number().int(),
  lastSync: z.string().nullable().describe('latest successful Odoo sync of a record'),
});
export type TAttendanceOverview = z.infer<typeof ZAttendanceOverviewSchema>;

export const ZAttendanceLiveCountRequestSchema = z.object({
  windowMinutes: z.number().int().min(5).max(1440).default(120).describe('how recently a person must have been seen to count as still here'),
});

export const ZAttendanceLiveCountSchema = z.object({
  count: z.number().int().describe('people with a present or late record whose last sighting (time out, else time in) is within the window'),
  windowMinutes: z.number().int(),
  asOf: z.string(),
});
export type TAttendanceLiveCount = z.infer<typeof ZAttendanceLiveCountSchema>;

export const ZAttendancePendingSchema = z.object({
  pendingCount: z.number().int().describe('records waiting for the Odoo sync'),
  failedCount: z.number().int().describe('records whose last sync failed'),
});
export type TAttendancePending = z.infer<typeof ZAttendancePendingSchema>;
