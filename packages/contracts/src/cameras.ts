/** Cameras: inventory, state, telemetry, summaries, import/export. Credentials in URLs are always masked. */
import { z } from 'zod';
import { ZPageQuerySchema, zQueryBoolean } from './common.ts';

export const STREAM_TYPES = ['RTSP', 'USB', 'HTTP', 'Socket', 'Local File'] as const;
export type StreamType = (typeof STREAM_TYPES)[number];
export const CAMERA_STATUSES = ['online', 'offline', 'maintenance'] as const;
export const RTSP_TRANSPORTS = ['auto', 'tcp', 'udp'] as const;
const zRtspTransport = z.enum(RTSP_TRANSPORTS).describe('RTSP only: auto tries TCP and falls back to UDP when the camera refuses TCP');

export const ZCameraSchema = z.object({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  streamType: z.enum(STREAM_TYPES),
  streamUrl: z.string().nullable().describe('stream address with any credentials masked as ****'),
  devicePath: z.string().nullable().describe('USB device (/dev/videoN) or local file path'),
  rtspTransport: zRtspTransport,
  enabled: z.boolean(),
  status: z.enum(CAMERA_STATUSES),
  fps: z.number().nullable(),
  latency: z.number().nullable().describe('milliseconds'),
  bitrate: z.number().nullable().describe('Mbit/s'),
  resolution: z.string().nullable().describe('e.g. 1920x1080'),
  codec: z.string().nullable().describe('video codec seen by the last probe, e.g. h264'),
  lastSeen: z.string().nullable(),
  lastChecked: z.string().nullable(),
  ipAddress: z.string().nullable(),
  tags: z.array(z.string()),
  thumbnail: z.string().nullable().describe('signed link to the latest stored snapshot'),
  hasCredentials: z.boolean().describe('true when the stream URL carries stored (encrypted) credentials'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TCamera = z.infer<typeof ZCameraSchema>;

const zCameraId = z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, dash and underscore, at most 64');
const zTags = z.array(z.string().trim().min(1).max(40)).max(30);

/** Fields a client may write. Telemetry (fps, latency, ...) is read-only and ignored on input. */
export const ZCameraWritableSchema = z.object({
  name: z.string().trim().min(1).max(120),
  location: z.string().trim().max(200),
  streamType: z.enum(STREAM_TYPES),
  streamUrl: z.string().trim().min(1).max(2048).nullable(),
  devicePath: z.string().trim().min(1).max(1024).nullable(),
  rtspTransport: zRtspTransport,
  enabled: z.boolean(),
  tags: zTags,
  status: z.enum(CAMERA_STATUSES),
});

export const ZCreateCameraRequestSchema = z.object({
  id: zCameraId.optional(),
  name: ZCameraWritableSchema.shape.name,
  location: ZCameraWritableSchema.shape.location.default(''),
  streamType: ZCameraWritableSchema.shape.streamType,
  streamUrl: ZCameraWritableSchema.shape.streamUrl.optional(),
  devicePath: ZCameraWritableSchema.shape.devicePath.optional(),
  rtspTransport: zRtspTransport.default('auto'),
  enabled: z.boolean().default(true),
  tags: zTags.default([]),
});
export type TCreateCameraRequest = z.infer<typeof ZCreateCameraRequestSchema>;

export const ZUpdateCameraRequestSchema = ZCameraWritableSchema.partial().extend({ id: zCameraId });
export type TUpdateCameraRequest = z.infer<typeof ZUpdateCameraRequestSchema>;

export const ZCameraStateRequestSchema = z.object({ id: zCameraId, enabled: z.boolean() });

export const ZListCamerasRequestSchema = ZPageQuerySchema.extend({
  status: z.enum(CAMERA_STATUSES).optional(),
  streamType: z.enum(STREAM_TYPES).optional(),
  enabled: zQueryBoolean.optional(),
  search: z.string().max(200).optional().describe('matches id, name, location or tag'),
  sortBy: z.enum(['name', 'location', 'status', 'createdAt', 'lastSeen']).default('name'),
});
export type TListCamerasRequest = z.infer<typeof ZListCamerasRequestSchema>;

export const ZCameraSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(CAMERA_STATUSES),
  detectionsToday: z.number().int(),
  unknownFaces: z.number().int(),
  uptimePercent: z.number().describe('share of the last 24 hours (or since creation) the camera was online'),
});
export type TCameraSummary = z.infer<typeof ZCameraSummarySchema>;

/** One camera as carried by import/export files. */
export const ZCameraImportItemSchema = ZCreateCameraRequestSchema.extend({
  status: z.enum(CAMERA_STATUSES).optional(),
}).loose();
export type TCameraImportItem = z.infer<typeof ZCameraImportItemSchema>;

export const ZImportCamerasRequestSchema = z.object({
  cameras: z.array(z.unknown()).max(5000),
  mode: z.enum(['merge', 'replace']).default('merge'),
});
export type TImportCamerasRequest = z.infer<typeof ZImportCamerasRequestSchema>;

export const ZImportCamerasResultSchema = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  deleted: z.number().int().describe('cameras removed by replace mode'),
  errors: z.array(z.object({ index: z.number().int(), id: z.string().nullable(), reason: z.string() })),
});
export type TImportCamerasResult = z.infer<typeof ZImportCamerasResultSchema>;

export const ZCameraExportSchema = z.object({
  version: z.literal(1),
  exportedAt: z.string(),
  cameras: z.array(ZCameraSchema),
});
export type TCameraExport = z.infer<typeof ZCameraExportSchema>;

/** POST /cameras/{id}/test-connection: 200 whether or not the camera answered. */
export const ZCameraTestResultSchema = z.object({
  success: z.boolean(),
  latencyMs: z.number().nullable().describe('TCP connect time for network cameras; time to read the stream otherwise'),
  bitrate: z.number().nullable().describe('Mbit/s measured over about two seconds of video'),
  fps: z.number().nullable(),
  resolution: z.string().nullable(),
  codec: z.string().nullable(),
  message: z.string().describe('OK: codec, size, rate; or why the stream could not be read'),
  checkedAt: z.string(),
});
export type TCameraTestResult = z.infer<typeof ZCameraTestResultSchema>;

/** A JPEG grabbed from a camera and kept in file storage. */
export const ZSnapshotSchema = z.object({
  assetId: z.string(),
  cameraId: z.string(),
  url: z.string().describe('signed link to the JPEG (expires)'),
  timestamp: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  size: z.number().int().describe('bytes'),
});
export type TSnapshot = z.infer<typeof ZSnapshotSchema>;

export const ZMediaSnapshotRequestSchema = z.object({ cameraId: zCameraId });

/** Links a video player can open without sending headers. */
export const ZCameraStreamLinksSchema = z.object({
  cameraId: z.string(),
  hls: z.string().describe('HLS playlist, signed'),
  snapshot: z.string().describe('latest JPEG frame, signed'),
  mjpeg: z.string().describe('multipart MJPEG stream, signed'),
  websocket: z.string().describe('WebSocket path for live JPEG frames, signed'),
  expiresAt: z.string(),
});
export type TCameraStreamLinks = z.infer<typeof ZCameraStreamLinksSchema>;
