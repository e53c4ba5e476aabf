/**
 * /attendance: logs with their summary, presence cards, manual entries, voids, statistics and dashboard
 * counters. Static paths come before /attendance/{id} (trpc-to-openapi matches in declaration order).
 * GET /attendance/pending-counts is the plan's alias of GET /attendance/pending: its own procedure calling the
 * same service function. Export and the Odoo endpoints belong to later issues.
 */
import { z } from 'zod';
import {
  ZAttendanceLiveCountRequestSchema, ZAttendanceLiveCountSchema, ZAttendanceLogPageSchema, ZAttendanceLogSchema, ZAttendanceOverviewSchema,
  ZAttendancePendingSchema, ZAttendanceRecordsRequestSchema, ZAttendanceStatisticPointSchema, ZAttendanceStatisticsRequestSchema, ZIdParamSchema,
  ZListAttendanceLogsRequestSchema, ZManualAttendanceRequestSchema,
} from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import * as analytics from './analytics.ts';
import * as attendance from './service.ts';

const TAG = ['Attendance'];
const PENDING_SUMMARY = 'Records waiting for the Odoo sync, and those whose sync failed';

export const attendanceRouter = router({
  records: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/attendance/records', tags: TAG, summary: "Presence cards: today's records (site time zone), most recently active first", protect: true }, permission: 'attendance:read' })
    .input(ZAttendanceRecordsRequestSchema)
    .output(z.array(ZAttendanceLogSchema))
    .query(({ ctx, input }) => attendance.presenceRecords(ctx.app.db, input)),

  logs: authedProcedure
    .meta({
      openapi: { method: 'GET', path: '/attendance/logs', tags: TAG, summary: 'Attendance log page, with summary counts over the whole filter', protect: true },
      permission: 'attendance:read',
      envelope: 'page',
    })
    .input(ZListAttendanceLogsRequestSchema)
    .output(ZAttendanceLogPageSchema)
    .query(({ ctx, input }) => attendance.listAttendanceLogs(ctx.app.db, input)),

  manual: authedProcedure
    .meta({
      openapi: { method: 'POST', path: '/attendance/manual', tags: TAG, summary: "Manual entry: sets the person's record of that day; wins over the cameras (audited)", protect: true },
      permission: 'attendance:write',
      successStatus: 201,
    })
    .input(ZManualAttendanceRequestSchema)
    .output(ZAttendanceLogSchema)
    .mutation(({ ctx, input }) => attendance.recordManualAttendance(ctx.app, input, actorOf(ctx))),

  statistics: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/attendance/statistics', tags: TAG, summary: 'Present/late/missed counts by hour, day or camera, with the log filters', protect: true }, permission: 'attendance:read' })
    .input(ZAttendanceStatisticsRequestSchema)
    .output(z.array(ZAttendanceStatisticPointSchema))
    .query(({ ctx, input }) => analytics.attendanceStatistics(ctx.app.db, input)),

  overview: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/attendance/overview', tags: TAG, summary: "Dashboard totals for today: present, late, missed, unknown faces, cameras, last Odoo sync", protect: true }, permission: 'attendance:read' })
    .input(z.void())
    .output(ZAttendanceOverviewSchema)
    .query(({ ctx }) => analytics.attendanceOverview(ctx.app.db)),

  liveCount: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/attendance/live-count', tags: TAG, summary: 'People here now: seen within the window on a present or late record', protect: true }, permission: 'attendance:read' })
    .input(ZAttendanceLiveCountRequestSchema)
    .output(ZAttendanceLiveCountSchema)
    .query(({ ctx, input }) => analytics.liveHeadCount(ctx.app.db, input.windowMinutes)),

  pending: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/attendance/pending', tags: TAG, summary: PENDING_SUMMARY, protect: true }, permission: 'attendance:read' })
    .input(z.void())
    .output(ZAttendancePendingSchema)
    .query(({ ctx }) => analytics.pendingOdooCounts(ctx.app.db)),

  pendingCounts: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/attendance/pending-counts', tags: TAG, summary: `${PENDING_SUMMARY}: alias of GET /attendance/pending`, protect: true }, permission: 'attendance:read' })
    .input(z.void())
    .output(ZAttendancePendingSchema)
    .query(({ ctx }) => analytics.pendingOdooCounts(ctx.app.db)),

  void: authedProcedure
    .meta({ openapi: { method: 'DELETE', path: '/attendance/{id}', tags: TAG, summary: 'Void a record: hidden from lists and counts, kept for the audit trail', protect: true }, permission: 'attendance:write', successStatus: 204 })
    .input(ZIdParamSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => attendance.voidAttendanceRecord(ctx.app, input.id, actorOf(ctx))),
});
