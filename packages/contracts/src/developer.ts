/**
 * The developer console (Admin only): the endpoint catalogue, in-process invocation, the allowlisted
 * proxy, the demo data sets, and sanitized system and job-queue snapshots.
 */
import { z } from 'zod';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const zJsonObject = z.record(z.string(), z.unknown());

export const ZDeveloperEndpointSchema = z.object({
  id: z.string().describe('stable id (the OpenAPI operationId), e.g. cameras-list'),
  label: z.string().describe("the operation's summary"),
  description: z.string(),
  method: z.enum(HTTP_METHODS),
  path: z.string().describe('full REST path template, e.g. /api/v1/cameras/{id}'),
  tags: z.array(z.string()),
  permission: z.string().nullable().describe('the permission the caller needs, if any'),
  authenticated: z.boolean().describe('false for public endpoints such as POST /auth/login'),
  pathParams: z.array(z.string()).describe('names of the {placeholders} in the path'),
  samplePathParams: zJsonObject.nullable(),
  samplePayload: z.unknown().describe('an example built from the request schema: the JSON body, or for GET/DELETE the query'),
});
export type TDeveloperEndpoint = z.infer<typeof ZDeveloperEndpointSchema>;

const zParamValue = z.union([z.string().max(2000), z.number(), z.boolean()]);

export const ZInvokeEndpointRequestSchema = z.object({
  id: z.string().min(1).max(120),
  payload: zJsonObject.optional().describe('the JSON body; for GET/DELETE it is sent as the query string'),
  pathParams: z.record(z.string(), z.union([z.string().min(1).max(500), z.number()])).optional(),
  query: z.record(z.string(), z.union([zParamValue, z.array(zParamValue).max(50)])).optional(),
});
export type TInvokeEndpointRequest = z.infer<typeof ZInvokeEndpointRequestSchema>;

export const ZDeveloperHttpReplySchema = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()).describe('response headers, secrets redacted'),
  body: z.unknown().describe('the parsed JSON (or text) response, secrets redacted'),
  durationMs: z.number().int(),
});
export type TDeveloperHttpReply = z.infer<typeof ZDeveloperHttpReplySchema>;

export const ZProxyRequestSchema = z.object({
  target: z.string().min(1).max(2048).describe('absolute URL, or a path such as /api/v1/cameras on this server'),
  method: z.enum([...HTTP_METHODS, 'HEAD']).default('GET'),
  headers: z.record(z.string().max(100), z.string().max(4000)).optional(),
  body: z.unknown().optional().describe('a JSON value, or a string sent as-is'),
});
export type TProxyRequest = z.infer<typeof ZProxyRequestSchema>;

export const ZMockDataSetSchema = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string(),
  loaded: z.boolean(),
  counts: z.record(z.string(), z.number().int()).describe("rows of the set present now, per table"),
});
export type TMockDataSet = z.infer<typeof ZMockDataSetSchema>;

export const ZUpdateMocksRequestSchema = z.object({
  sets: z.record(z.string().min(1).max(64), z.boolean()).describe('true loads a set, false removes exactly the rows it created'),
});
export type TUpdateMocksRequest = z.infer<typeof ZUpdateMocksRequestSchema>;

export const ZDeveloperSystemInfoSchema = z.object({
  app: z.object({ name: z.string(), version: z.string(), role: z.string(), nodeEnv: z.string(), startedAt: z.string(), uptimeSeconds: z.number().int() }),
  runtime: z.object({ node: z.string(), platform: z.string(), arch: z.string(), osRelease: z.string(), cpus: z.number().int(), loadAverage: z.array(z.number()) }),
  memory: z.object({ rssBytes: z.number(), heapUsedBytes: z.number(), heapTotalBytes: z.number(), systemTotalBytes: z.number(), systemFreeBytes: z.number() }),
  database: z.object({ kind: z.string(), version: z.string() }),
  queues: z.array(z.string()),
  config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()])).describe('secrets show only as [set] or [not set]'),
});
export type TDeveloperSystemInfo = z.infer<typeof ZDeveloperSystemInfoSchema>;

const ZQueueCountsSchema = z.object({ queued: z.number().int(), active: z.number().int(), failed: z.number().int(), completed: z.number().int() });

export const ZJobQueueSnapshotSchema = ZQueueCountsSchema.extend({
  name: z.string(),
  description: z.string(),
  workerAttached: z.boolean().describe('a worker for this queue runs in this process'),
  deadLetter: ZQueueCountsSchema.extend({ name: z.string() }),
});
export type TJobQueueSnapshot = z.infer<typeof ZJobQueueSnapshotSchema>;
