/**
 * The media routes that are not procedures (binary answers, upgrades), described for the OpenAPI document
 * so the reference lists them with the REST API. Each also answers at the root (without /api/v1).
 */
type Json = Record<string, unknown>;

const cameraId = { name: 'cameraId', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } };
const auth = [
  { name: 'token', in: 'query', required: false, schema: { type: 'string' }, description: 'access token, for players that cannot send headers' },
  { name: 'exp', in: 'query', required: false, schema: { type: 'integer' }, description: 'signed grant from GET /media/streams/{cameraId}: expiry (unix seconds)' },
  { name: 'sig', in: 'query', required: false, schema: { type: 'string' }, description: 'signed grant: signature' },
];
const errors = (codes: string[]): Record<string, Json> =>
  Object.fromEntries(codes.map((code) => [code, { description: ERROR_TEXT[code], content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } }]));
const ERROR_TEXT: Record<string, string> = {
  '401': 'AUTH_UNAUTHORIZED: no bearer token, ?token= or grant',
  '403': 'AUTH_FORBIDDEN: missing cameras:read, or a grant that is expired or for another camera',
  '404': 'NOT_FOUND: no such camera (or segment)',
  '409': 'CONFLICT: the camera is disabled',
  '502': 'MEDIA_SNAPSHOT_FAILED / MEDIA_STREAM_FAILED: the camera gave no video; the message says why',
  '503': 'SERVICE_UNAVAILABLE: ffmpeg missing, or every media process busy (Retry-After)',
};
const common = { tags: ['Media'], security: [{ bearerAuth: [] }, {}] };

function op(summary: string, description: string, responses: Record<string, Json>, parameters: Json[] = [cameraId, ...auth]): Json {
  return { ...common, summary, description, parameters, responses: { ...responses, ...errors(['401', '403', '404', '409', '502', '503']) } };
}

const hls = op(
  'HLS playlist of the live stream',
  'Started on the first request (H.264 passed through, other codecs transcoded), stopped after MEDIA_IDLE_SECONDS without requests. Segment links in the playlist carry a short grant. Requires permission `cameras:read`.',
  { '200': { description: 'the playlist', content: { 'application/vnd.apple.mpegurl': { schema: { type: 'string' } } } } },
);
const segment = op(
  'A segment of the live HLS stream',
  'Named by the playlist (seg_N.ts); a segment that rolled off answers 404.',
  { '200': { description: 'MPEG-TS', content: { 'video/mp2t': { schema: { type: 'string', format: 'binary' } } } } },
  [cameraId, { name: 'segment', in: 'path', required: true, schema: { type: 'string', pattern: '^seg_\\d+\\.ts$' } }, ...auth],
);

export const MEDIA_OPENAPI_PATHS: Record<string, Record<string, Json>> = {
  '/media/snapshot/{cameraId}.jpg': {
    get: op(
      'Latest JPEG frame of a camera',
      'At most MEDIA_SNAPSHOT_MAX_AGE_MS old (header X-Frame-Timestamp), from the camera\'s live view shared by every viewer. Requires permission `cameras:read`.',
      { '200': { description: 'the frame', content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } } } },
    ),
  },
  '/media/hls/{cameraId}/index.m3u8': { get: hls },
  '/media/hls/{cameraId}/{segment}': { get: segment },
  '/stream/hls/{cameraId}/index.m3u8': { get: { ...hls, summary: 'Alias of /media/hls/{cameraId}/index.m3u8' } },
  '/stream/hls/{cameraId}/{segment}': { get: { ...segment, summary: 'Alias of /media/hls/{cameraId}/{segment}' } },
  '/media/ws/{cameraId}': {
    get: op(
      'Live JPEG frames: WebSocket, or MJPEG without an upgrade',
      'With `Upgrade: websocket`: a text message {type:"stream",cameraId,format:"jpeg",fps}, then one binary message per JPEG frame (text {type:"error",message} when the camera fails). Without an upgrade: multipart/x-mixed-replace (MJPEG). Alias: /stream/ws/{cameraId}. Requires permission `cameras:read`.',
      {
        '101': { description: 'switched to WebSocket' },
        '200': { description: 'MJPEG stream', content: { 'multipart/x-mixed-replace': { schema: { type: 'string', format: 'binary' } } } },
      },
    ),
  },
};
