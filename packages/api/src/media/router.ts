/**
 * /media JSON procedures: store a snapshot of a camera, signed stream links for players, and what media
 * work this process runs. The binary routes (snapshot.jpg, HLS, MJPEG/WebSocket frames) are in http.ts.
 */
import { z } from 'zod';
import { ZCameraStreamLinksSchema, ZMediaSnapshotRequestSchema, ZSnapshotSchema } from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import { REST_PREFIX } from '../http/rest.ts';
import { streamLinks, takeSnapshot } from './service.ts';

const TAG = ['Media'];

const ZMediaStatusSchema = z.object({
  ffmpeg: z.object({ ok: z.boolean(), ffmpeg: z.string().nullable(), ffprobe: z.string().nullable(), error: z.string().nullable() }),
  processes: z.object({ running: z.number().int(), max: z.number().int() }),
  sessions: z.array(
    z.object({
      cameraId: z.string(),
      kind: z.enum(['frames', 'hls']),
      running: z.boolean(),
      viewers: z.number().int(),
      lastFrameAt: z.string().nullable(),
      lastError: z.string().nullable(),
    }),
  ),
});

export const mediaRouter = router({
  snapshot: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/media/snapshot', tags: TAG, summary: 'Grab a real frame from a camera and store it (same as POST /cameras/{id}/snapshot)', protect: true }, permission: 'cameras:write', successStatus: 201 })
    .input(ZMediaSnapshotRequestSchema)
    .output(ZSnapshotSchema)
    .mutation(({ ctx, input }) => takeSnapshot(ctx.app, input.cameraId, actorOf(ctx))),

  streams: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/media/streams/{cameraId}', tags: TAG, summary: 'Signed links to the camera\'s HLS, JPEG, MJPEG and WebSocket streams (for players that cannot send headers)', protect: true }, permission: 'cameras:read' })
    .input(z.object({ cameraId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, dash and underscore, at most 64') }))
    .output(ZCameraStreamLinksSchema)
    .query(({ ctx, input }) => streamLinks(ctx.app, input.cameraId, REST_PREFIX)),

  status: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/media/status', tags: TAG, summary: 'ffmpeg on this server, media processes running and live sessions', protect: true }, permission: 'system:read' })
    .input(z.void())
    .output(ZMediaStatusSchema)
    .query(async ({ ctx }) => ({
      ffmpeg: await ctx.app.media.checkTools(),
      processes: { running: ctx.app.media.pool.running, max: ctx.app.media.pool.max },
      sessions: ctx.app.media.sessions(),
    })),
});
