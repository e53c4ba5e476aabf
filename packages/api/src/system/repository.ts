/** SQL for the dashboard summary (one round trip) and the stream re-probe's camera stamp. */
import { sql, type Database, type Kysely, type Transaction } from '@sentinel/db';

type Db = Kysely<Database> | Transaction<Database>;

export interface SummaryCounts {
  activeCameras: number;
  registeredPeople: number;
  peopleDetectedToday: number;
  unknownFaceAlerts: number;
  manualOverrides: number;
  /** registered (active) people with a present or late record today */
  attendedToday: number;
  lastSync: Date | null;
}

/** `today` is the site-local date; `since` its midnight as an instant. */
export async function summaryCounts(db: Db, today: string, since: Date): Promise<SummaryCounts> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('cameras').select((s) => s.fn.countAll<number>().as('n')).where('enabled', '=', true).where('status', '=', 'online').as('activeCameras'),
      eb.selectFrom('face_profiles').select((s) => s.fn.countAll<number>().as('n')).where('status', '=', 'active').as('registeredPeople'),
      eb
        .selectFrom('detections')
        .select(sql<number>`count(DISTINCT employee_id)`.as('n'))
        .where('occurred_at', '>=', since)
        .where('status', '=', 'known')
        .where('employee_id', 'is not', null)
        .as('peopleDetectedToday'),
      eb
        .selectFrom('alerts')
        .select((s) => s.fn.countAll<number>().as('n'))
        .where('type', '=', 'unknown-face')
        .where('acknowledged_at', 'is', null)
        .where('cleared_at', 'is', null)
        .where('resolved_at', 'is', null)
        .as('unknownFaceAlerts'),
      eb
        .selectFrom('attendance_logs')
        .select((s) => s.fn.countAll<number>().as('n'))
        .where('date', '=', today)
        .where('source', '=', 'manual')
        .where('voided_at', 'is', null)
        .as('manualOverrides'),
      eb
        .selectFrom('attendance_logs as a')
        .innerJoin('face_profiles as f', (j) => j.onRef('f.employee_id', '=', 'a.employee_id').on('f.status', '=', 'active'))
        .select(sql<number>`count(DISTINCT a.employee_id)`.as('n'))
        .where('a.date', '=', today)
        .where('a.status', 'in', ['present', 'late'])
        .where('a.voided_at', 'is', null)
        .as('attendedToday'),
      eb
        .selectFrom('attendance_logs')
        .select((s) => s.fn.max('odoo_sync_time').as('t'))
        .where('odoo_status', '=', 'synced')
        .as('lastSync'),
    ])
    .executeTakeFirstOrThrow();
  return {
    activeCameras: Number(row.activeCameras ?? 0),
    registeredPeople: Number(row.registeredPeople ?? 0),
    peopleDetectedToday: Number(row.peopleDetectedToday ?? 0),
    unknownFaceAlerts: Number(row.unknownFaceAlerts ?? 0),
    manualOverrides: Number(row.manualOverrides ?? 0),
    attendedToday: Number(row.attendedToday ?? 0),
    lastSync: row.lastSync ? new Date(row.lastSync) : null,
  };
}
