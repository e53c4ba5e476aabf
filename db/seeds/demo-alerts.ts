/**
 * A demo set of alerts for previewing the alerts screens: a few open, acknowledged and resolved alerts
 * of every level but critical (critical ones would notify every Admin). Loaded and removed from the
 * developer console; marked in app_settings so removal deletes exactly these rows.
 */
import { sql, type Kysely } from 'kysely';

const MARKER = 'seed.demo-alerts';
const HOUR = 3600_000;

const ALERTS: { id: string; level: 'info' | 'warning'; type: string; title: string; message: string; cameraId?: string; employeeId?: string; ageHours: number; acknowledged?: boolean; resolved?: boolean }[] = [
  { id: 'ALR-DEMO-1', level: 'warning', type: 'unknown-face', title: 'Unknown face at Gate A', message: 'An unregistered person was seen 3 times', cameraId: 'CAM-1', ageHours: 1 },
  { id: 'ALR-DEMO-2', level: 'warning', type: 'camera-offline', title: 'Warehouse camera offline', message: 'No frames for 5 minutes', cameraId: 'CAM-4', ageHours: 3, resolved: true },
  { id: 'ALR-DEMO-3', level: 'info', type: 'odoo-sync', title: 'Odoo sync retried', message: '2 attendance records were sent on the second attempt', ageHours: 6, acknowledged: true },
  { id: 'ALR-DEMO-4', level: 'info', type: 'test', title: 'Test alert', message: 'Raised from the developer console demo data', ageHours: 0.2 },
  { id: 'ALR-DEMO-5', level: 'warning', type: 'unknown-face', title: 'Unknown face at Lobby', message: 'Low-confidence match for EMP-00123', cameraId: 'CAM-3', employeeId: 'EMP-00123', ageHours: 26 },
];

export const DEMO_ALERT_IDS: readonly string[] = ALERTS.map((a) => a.id);

export async function isDemoAlertsLoaded(db: Kysely<any>): Promise<boolean> {
  return (await db.selectFrom('app_settings').select('key').where('key', '=', MARKER).executeTakeFirst()) !== undefined;
}

/** Inserts the alerts once; a camera that does not exist is left unset. False when already loaded. */
export async function seedDemoAlerts(db: Kysely<any>, now = new Date()): Promise<boolean> {
  if (await isDemoAlertsLoaded(db)) return false;
  const cameras = new Set(
    (await db.selectFrom('cameras').select('id').where('id', 'in', ALERTS.flatMap((a) => (a.cameraId ? [a.cameraId] : []))).execute()).map((r: { id: string }) => r.id),
  );
  for (const a of ALERTS) {
    const at = new Date(now.getTime() - a.ageHours * HOUR);
    await db
      .insertInto('alerts')
      .values({
        id: a.id,
        level: a.level,
        type: a.type,
        title: a.title,
        message: a.message,
        camera_id: a.cameraId && cameras.has(a.cameraId) ? a.cameraId : null,
        employee_id: a.employeeId ?? null,
        fingerprint: `demo:${a.id}`,
        count: 1,
        created_at: at,
        last_seen_at: at,
        acknowledged_at: a.acknowledged ? at : null,
        resolved_at: a.resolved ? new Date(at.getTime() + HOUR / 2) : null,
      })
      .execute();
  }
  await db.insertInto('app_settings').values({ key: MARKER, value: sql`${JSON.stringify({ at: now.toISOString() })}::jsonb` }).execute();
  return true;
}

/** Deletes exactly the set's alerts (their notifications cascade) and the marker. False when not loaded. */
export async function removeDemoAlerts(db: Kysely<any>): Promise<boolean> {
  if (!(await isDemoAlertsLoaded(db))) return false;
  await db.deleteFrom('alerts').where('id', 'in', [...DEMO_ALERT_IDS]).execute();
  await db.deleteFrom('app_settings').where('key', '=', MARKER).execute();
  return true;
}
