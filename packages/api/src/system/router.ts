/**
 * /system, /network and /maintenance reads: the dashboard summary, resource series, service statuses,
 * network figures, uptime, version and the log tail. Each alias is its own procedure (one OpenAPI path
 * each) calling the same function, so it answers exactly like the original. The Admin commands live in
 * ./commands-router.ts.
 */
import { z } from 'zod';
import {
  ZListHealthMetricsRequestSchema, ZListLogsRequestSchema, ZLogEntrySchema, ZNetworkLatencySchema, ZNetworkMetricSchema, ZSystemHealthMetricSchema,
  ZSystemServiceStatusSchema, ZSystemSummarySchema, ZUptimeSchema, ZVersionSchema, zPage,
} from '@sentinel/contracts';
import { authedProcedure, router } from '../core/trpc.ts';
import { systemCommandsRouter } from './commands-router.ts';
import { networkLatency } from './latency.ts';
import { logTail } from './logs.ts';
import { listHealthMetrics, networkMetrics } from './metrics.ts';
import { uptime, version } from './runtime.ts';
import { serviceStatuses } from './services-status.ts';
import { systemSummary } from './summary.ts';

const TAG = ['System'];

const readServices = authedProcedure.input(z.void()).output(z.array(ZSystemServiceStatusSchema));
const readVersion = authedProcedure.input(z.void()).output(ZVersionSchema);
const readLogs = authedProcedure.input(ZListLogsRequestSchema).output(zPage(ZLogEntrySchema));

export const systemRouter = router({
  summary: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/system/summary', tags: TAG, summary: 'Dashboard counters from the live tables', protect: true }, permission: 'system:read' })
    .input(z.void())
    .output(ZSystemSummarySchema)
    .query(({ ctx }) => systemSummary(ctx.app.db)),

  healthMetrics: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/system/health/metrics', tags: TAG, summary: 'CPU, memory, disk, network and GPU samples (oldest first)', protect: true }, permission: 'system:read' })
    .input(ZListHealthMetricsRequestSchema)
    .output(z.array(ZSystemHealthMetricSchema))
    .query(({ ctx, input }) => listHealthMetrics(ctx.app.db, input)),

  healthServices: readServices
    .meta({ openapi: { method: 'GET', path: '/system/health/services', tags: TAG, summary: 'Status of the database, every job queue, the event bus and the integrations', protect: true }, permission: 'system:read' })
    .query(({ ctx }) => serviceStatuses(ctx.app)),

  services: readServices
    .meta({ openapi: { method: 'GET', path: '/system/services', tags: TAG, summary: 'Same as GET /system/health/services', protect: true }, permission: 'system:read' })
    .query(({ ctx }) => serviceStatuses(ctx.app)),

  networkMetrics: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/system/network-metrics', tags: TAG, summary: 'Throughput and database round trip from the last two samples, with their trend', protect: true }, permission: 'system:read' })
    .input(z.void())
    .output(z.array(ZNetworkMetricSchema))
    .query(({ ctx }) => networkMetrics(ctx.app.db)),

  networkLatency: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/network/latency', tags: TAG, summary: 'Database round-trip and HTTP request latency percentiles', protect: true }, permission: 'system:read' })
    .input(z.void())
    .output(ZNetworkLatencySchema)
    .query(({ ctx }) => networkLatency(ctx.app)),

  uptime: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/system/uptime', tags: TAG, summary: 'How long this API process (and the machine) has been up', protect: true }, permission: 'system:read' })
    .input(z.void())
    .output(ZUptimeSchema)
    .query(({ ctx }) => uptime(ctx.app)),

  version: readVersion
    .meta({ openapi: { method: 'GET', path: '/system/version', tags: TAG, summary: 'API version, git commit and build date', protect: true }, permission: 'system:read' })
    .query(({ ctx }) => version(ctx.app)),

  maintenanceVersion: readVersion
    .meta({ openapi: { method: 'GET', path: '/maintenance/version', tags: TAG, summary: 'Same as GET /system/version', protect: true }, permission: 'system:read' })
    .query(({ ctx }) => version(ctx.app)),

  logs: readLogs
    .meta({ openapi: { method: 'GET', path: '/system/logs', tags: TAG, summary: "This process's recent log lines, newest first (level, requestId, search filters)", protect: true }, permission: 'system:read', envelope: 'page' })
    .query(({ input }) => logTail(input)),

  maintenanceLogs: readLogs
    .meta({ openapi: { method: 'GET', path: '/maintenance/logs', tags: TAG, summary: 'Same as GET /system/logs', protect: true }, permission: 'system:read', envelope: 'page' })
    .query(({ input }) => logTail(input)),

  commands: systemCommandsRouter,
});
