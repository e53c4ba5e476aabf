/**
 * System health and maintenance: the dashboard summary, resource samples, service statuses, network and
 * latency figures, uptime and version, the log tail, and the Admin commands' answer.
 */
import { z } from 'zod';
import { ZPageQuerySchema, zIsoDateTime } from './common.ts';

/** The API's version as reported by GET /system/version and the OpenAPI document. */
export const API_VERSION = '1.0.0';

export const ZSystemSummarySchema = z.object({
  activeCameras: z.number().int().describe('cameras that are enabled and online'),
  registeredPeople: z.number().int().describe('active face profiles'),
  peopleDetectedToday: z.number().int().describe('distinct recognised people detected since site-local midnight'),
  unknownFaceAlerts: z.number().int().describe('unknown-face alerts not yet acknowledged (nor cleared or resolved)'),
  manualOverrides: z.number().int().describe("manual attendance entries for today's site date (voided ones excluded)"),
  attendanceCompletion: z.number().describe('percentage (0-100, one decimal) of registered people present or late today'),
  lastSync: z
    .string()
    .nullable()
    .describe('last successful Odoo sync of an attendance record; null until the Odoo integration has synced anything (it is not built yet)'),
});
export type TSystemSummary = z.infer<typeof ZSystemSummarySchema>;

export const MAX_METRIC_SAMPLES = 1440;

export const ZListHealthMetricsRequestSchema = z.object({
  from: zIsoDateTime.optional().describe('samples taken at or after this moment'),
  to: zIsoDateTime.optional().describe('samples taken at or before this moment'),
  limit: z.number().int().min(1).max(MAX_METRIC_SAMPLES).default(60).describe(`the latest N samples in the range (1-${MAX_METRIC_SAMPLES}, default 60), returned oldest first`),
});
export type TListHealthMetricsRequest = z.infer<typeof ZListHealthMetricsRequestSchema>;

export const ZGpuMetricSchema = z.object({
  available: z.boolean().describe('false when the machine has no GPU the sampler can read (nvidia-smi)'),
  name: z.string().nullable(),
  percent: z.number().nullable().describe('utilisation, 0-100'),
  memoryPercent: z.number().nullable().describe('memory in use, 0-100'),
});

export const ZSystemHealthMetricSchema = z.object({
  sampledAt: z.string(),
  host: z.string().describe('the machine that took the sample'),
  cpu: z.object({
    percent: z.number().describe('busy share of all cores since the previous sample, 0-100'),
    cores: z.number().int(),
    loadAverage: z.array(z.number()).describe('1, 5 and 15 minute load averages'),
  }),
  memory: z.object({ percent: z.number(), usedBytes: z.number(), totalBytes: z.number() }),
  disk: z.object({ percent: z.number(), usedBytes: z.number(), totalBytes: z.number() }).nullable().describe('the file system holding DATA_DIR'),
  network: z
    .object({ rxBytesPerSecond: z.number(), txBytesPerSecond: z.number() })
    .nullable()
    .describe('all interfaces but loopback, since the previous sample; null without counters or a previous sample'),
  gpu: ZGpuMetricSchema,
  dbLatencyMs: z.number().nullable().describe('database round trip (SELECT 1) while sampling'),
});
export type TSystemHealthMetric = z.infer<typeof ZSystemHealthMetricSchema>;

export const SERVICE_STATUSES = ['ok', 'degraded', 'down', 'not_configured', 'unknown'] as const;
export const SERVICE_KINDS = ['database', 'queue', 'event-bus', 'provider', 'integration'] as const;

export const ZQueueStateSchema = z
  .object({
    worker: z.enum(['running', 'not_running']).describe('whether a worker for this queue runs in the process that answered'),
    queued: z.number().int(),
    active: z.number().int(),
    failed: z.number().int(),
    completed: z.number().int(),
  })
  .describe("job counts are pg-boss's cached queue statistics, refreshed by its monitor: they can lag by up to a minute");

export const ZSystemServiceStatusSchema = z.object({
  id: z.string().describe('what POST /system/services/{id}/restart takes; job queues use their queue name'),
  name: z.string(),
  kind: z.enum(SERVICE_KINDS),
  status: z.enum(SERVICE_STATUSES),
  message: z.string(),
  latencyMs: z.number().nullable(),
  uptimeSeconds: z.number().int().nullable().describe('since the service (or, for workers, the last restart in this process) started'),
  version: z.string().nullable(),
  lastRestart: z.string().nullable().describe('last restart through the API in this process'),
  restartable: z.boolean(),
  queue: ZQueueStateSchema.nullable(),
});
export type TSystemServiceStatus = z.infer<typeof ZSystemServiceStatusSchema>;

export const ZNetworkMetricSchema = z.object({
  id: z.string(),
  label: z.string(),
  value: z.number().nullable().describe('null until enough samples exist'),
  unit: z.string(),
  trend: z.enum(['up', 'down', 'flat']),
  change: z.number().describe('value minus the previous sample\'s value (0 without one)'),
});
export type TNetworkMetric = z.infer<typeof ZNetworkMetricSchema>;

const ZLatencySummarySchema = z.object({
  count: z.number().int(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  meanMs: z.number().nullable(),
});

export const ZNetworkLatencySchema = z.object({
  database: ZLatencySummarySchema.extend({
    latestMs: z.number().nullable(),
    windowMinutes: z.number().int(),
  }).describe('database round trips measured by the metric samples of the window'),
  http: ZLatencySummarySchema.describe('HTTP requests served by this process since it started (from the Prometheus histogram; percentiles interpolated within buckets)'),
});
export type TNetworkLatency = z.infer<typeof ZNetworkLatencySchema>;

export const ZCommandResultSchema = z.object({
  accepted: z.boolean(),
  message: z.string(),
});
export type TCommandResult = z.infer<typeof ZCommandResultSchema>;

export const ZServiceIdParamSchema = z.object({ id: z.string().min(1).max(100) });

export const ZUptimeSchema = z.object({
  uptimeSeconds: z.number().int().describe('since this API process started'),
  startedAt: z.string(),
  hostUptimeSeconds: z.number().int().describe('since the machine booted'),
});
export type TUptime = z.infer<typeof ZUptimeSchema>;

export const ZVersionSchema = z.object({
  api: z.string(),
  commit: z.string().describe('BUILD_COMMIT, else the git commit of the source tree at start, else "unknown"'),
  buildDate: z.string().describe('BUILD_DATE, else when this process started'),
  node: z.string(),
});
export type TVersion = z.infer<typeof ZVersionSchema>;

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const ZListLogsRequestSchema = ZPageQuerySchema.omit({ sortDir: true }).extend({
  level: z.enum(LOG_LEVELS).optional().describe('this level and more severe ones'),
  requestId: z.string().max(128).optional(),
  search: z.string().max(200).optional().describe('text the message contains (case-insensitive)'),
});
export type TListLogsRequest = z.infer<typeof ZListLogsRequestSchema>;

export const ZLogEntrySchema = z.object({
  time: z.string(),
  level: z.enum(LOG_LEVELS),
  message: z.string(),
  requestId: z.string().nullable(),
  context: z.record(z.string(), z.unknown()).describe('the line\'s other fields (secrets are redacted by the logger, stack traces dropped)'),
});
export type TLogEntry = z.infer<typeof ZLogEntrySchema>;
