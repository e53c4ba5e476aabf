/**
 * Demo data for the embedded first start: a few cameras of every stream type and an Operator and a
 * Viewer account. Runs once (marked in app_settings); never on a deployment with seeding off.
 */
import path from 'node:path';
import { sql, type Kysely } from 'kysely';

export interface DemoSeedHelpers {
  seal(plain: string): string;
  mask(url: string): string;
  hashPassword(plain: string): Promise<string>;
  demoPassword: string;
  /** the demo's Local File camera plays this clip (the server makes it with ffmpeg when missing) */
  demoClipPath?: string;
}

export const DEFAULT_DEMO_CLIP = '/var/lib/sentinel/clips/demo.mp4';

/** Where the server keeps the demo clip: inside its data directory. */
export const demoClipPathIn = (dataDir: string): string => path.resolve(dataDir, 'demo', 'test-pattern.mp4');

const CAMERAS: { id: string; name: string; location: string; type: string; url?: string; device?: string; tags: string[]; ip?: string }[] = [
  { id: 'CAM-1', name: 'Gate A', location: 'Main entrance', type: 'RTSP', url: 'rtsp://viewer:gate-a-pass@192.168.10.21:554/stream1', tags: ['entrance', 'attendance'], ip: '192.168.10.21' },
  { id: 'CAM-2', name: 'Gate B', location: 'Staff entrance', type: 'RTSP', url: 'rtsp://viewer:gate-b-pass@192.168.10.22:554/stream1', tags: ['entrance', 'attendance'], ip: '192.168.10.22' },
  { id: 'CAM-3', name: 'Lobby', location: 'Reception', type: 'HTTP', url: 'http://192.168.10.30/mjpeg', tags: ['lobby'], ip: '192.168.10.30' },
  { id: 'CAM-4', name: 'Warehouse', location: 'Loading bay', type: 'Socket', url: 'tcp://192.168.10.40:9000', tags: ['warehouse'], ip: '192.168.10.40' },
  { id: 'CAM-5', name: 'Front desk webcam', location: 'Reception', type: 'USB', device: '/dev/video0', tags: ['desk'] },
  { id: 'CAM-6', name: 'Training clip', location: 'Lab', type: 'Local File', device: DEFAULT_DEMO_CLIP, tags: ['test'] },
];

export async function seedDemo(db: Kysely<any>, h: DemoSeedHelpers): Promise<boolean> {
  const done = await db.selectFrom('app_settings').select('key').where('key', '=', 'seed.demo').executeTakeFirst();
  if (done) return false;
  for (const c of CAMERAS) {
    const device = c.type === 'Local File' ? (h.demoClipPath ?? c.device) : c.device;
    await db
      .insertInto('cameras')
      .values({
        id: c.id,
        name: c.name,
        location: c.location,
        stream_type: c.type,
        stream_url_sealed: c.url ? h.seal(c.url) : null,
        stream_url_masked: c.url ? h.mask(c.url) : null,
        device_path: device ?? null,
        enabled: true,
        status: 'offline',
        ip_address: c.ip ?? null,
        tags: c.tags,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await db.insertInto('camera_status_history').values({ camera_id: c.id, status: 'offline', reason: 'created' }).execute();
  }
  const hash = await h.hashPassword(h.demoPassword);
  for (const [name, username, role] of [['Olivia Operator', 'operator', 'ROLE-OPERATOR'], ['Victor Viewer', 'viewer', 'ROLE-VIEWER']] as const) {
    await db
      .insertInto('users')
      .values({ id: `USR-DEMO-${username.toUpperCase()}`, name, email: `${username}@example.com`, username, role_id: role, status: 'active', password_hash: hash })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await db.insertInto('app_settings').values({ key: 'seed.demo', value: sql`${JSON.stringify({ at: new Date().toISOString() })}::jsonb` }).execute();
  return true;
}

/** The rows seedDemo creates, so removeDemo can delete exactly those. */
export const DEMO_CAMERA_IDS: readonly string[] = CAMERAS.map((c) => c.id);
export const DEMO_USER_IDS: readonly string[] = ['USR-DEMO-OPERATOR', 'USR-DEMO-VIEWER'];

/**
 * Undoes seedDemo: its cameras (their status history cascades; detections and alerts keep their rows
 * with the camera unset), its two accounts with their sessions and reset tokens, and the marker.
 */
export async function removeDemo(db: Kysely<any>): Promise<boolean> {
  const done = await db.selectFrom('app_settings').select('key').where('key', '=', 'seed.demo').executeTakeFirst();
  if (!done) return false; // never loaded: the ids may belong to someone else's rows
  await db.deleteFrom('cameras').where('id', 'in', [...DEMO_CAMERA_IDS]).execute();
  for (const table of ['refresh_tokens', 'password_reset_tokens']) {
    await db.deleteFrom(table).where('user_id', 'in', [...DEMO_USER_IDS]).execute();
  }
  await db.deleteFrom('users').where('id', 'in', [...DEMO_USER_IDS]).execute();
  await db.deleteFrom('app_settings').where('key', '=', 'seed.demo').execute();
  return true;
}
