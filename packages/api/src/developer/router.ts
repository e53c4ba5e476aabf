/**
 * /developer: the developer console (Admin only through `developer:use`, rate-limited and audited by
 * developerProcedure): the endpoint catalogue and in-process invocation, the allowlisted proxy, the demo
 * data sets, and sanitized system and job-queue snapshots.
 */
import { z } from 'zod';
import {
  ZDeveloperEndpointSchema, ZDeveloperHttpReplySchema, ZDeveloperSystemInfoSchema, ZInvokeEndpointRequestSchema, ZJobQueueSnapshotSchema,
  ZMockDataSetSchema, ZProxyRequestSchema, ZUpdateMocksRequestSchema,
} from '@sentinel/contracts';
import { router } from '../core/trpc.ts';
import { endpointCatalogue, publicEntry } from './catalogue.ts';
import { developerProcedure } from './guard.ts';
import { invokeEndpoint, restApiOf } from './invoke.ts';
import { jobsSnapshot } from './jobs.ts';
import { listMockSets, updateMockSets } from './mocks.ts';
import { proxyRequest } from './proxy.ts';
import { systemInfo } from './system-info.ts';

const TAG = ['Developer'];
const PERMISSION = 'developer:use' as const;

export const developerRouter = router({
  endpoints: developerProcedure
    .meta({ openapi: { method: 'GET', path: '/developer/endpoints', tags: TAG, summary: 'The REST endpoint catalogue with sample payloads', protect: true }, permission: PERMISSION })
    .input(z.void())
    .output(z.array(ZDeveloperEndpointSchema))
    .query(({ ctx }) => endpointCatalogue(restApiOf(ctx.app)).map(publicEntry)),

  invoke: developerProcedure
    .meta({
      openapi: { method: 'POST', path: '/developer/endpoints/{id}/invoke', tags: TAG, summary: 'Run a catalogue endpoint in-process with your own permissions; secrets redacted', protect: true },
      permission: PERMISSION,
    })
    .input(ZInvokeEndpointRequestSchema)
    .output(ZDeveloperHttpReplySchema)
    .mutation(({ ctx, input }) => invokeEndpoint(ctx.app, { ...input, caller: ctx.user, ip: ctx.ip })),

  proxy: developerProcedure
    .meta({ openapi: { method: 'POST', path: '/developer/proxy', tags: TAG, summary: 'Raw HTTP call to a target on DEVELOPER_PROXY_ALLOWLIST; secrets redacted', protect: true }, permission: PERMISSION })
    .input(ZProxyRequestSchema)
    .output(ZDeveloperHttpReplySchema)
    .mutation(({ ctx, input }) => proxyRequest(ctx.app, input)),

  mocks: developerProcedure
    .meta({ openapi: { method: 'GET', path: '/developer/mocks', tags: TAG, summary: 'The demo data sets and whether each is loaded', protect: true }, permission: PERMISSION })
    .input(z.void())
    .output(z.array(ZMockDataSetSchema))
    .query(({ ctx }) => listMockSets(ctx.app)),

  updateMocks: developerProcedure
    .meta({ openapi: { method: 'PUT', path: '/developer/mocks', tags: TAG, summary: 'Load (true) or remove (false) demo data sets; removal deletes exactly their rows', protect: true }, permission: PERMISSION })
    .input(ZUpdateMocksRequestSchema)
    .output(z.array(ZMockDataSetSchema))
    .mutation(async ({ ctx, input }) => (await updateMockSets(ctx.app, input.sets)).sets),

  system: developerProcedure
    .meta({ openapi: { method: 'GET', path: '/developer/system', tags: TAG, summary: 'Sanitized system information (versions, memory, database, configuration without secrets)', protect: true }, permission: PERMISSION })
    .input(z.void())
    .output(ZDeveloperSystemInfoSchema)
    .query(({ ctx }) => {
      const info = restApiOf(ctx.app).document.info as { version?: unknown } | undefined;
      return systemInfo(ctx.app, typeof info?.version === 'string' ? info.version : 'unknown');
    }),

  jobs: developerProcedure
    .meta({ openapi: { method: 'GET', path: '/developer/jobs', tags: TAG, summary: "Every job queue's counts and its dead-letter queue's", protect: true }, permission: PERMISSION })
    .input(z.void())
    .output(z.array(ZJobQueueSnapshotSchema))
    .query(({ ctx }) => jobsSnapshot(ctx.app)),
});
