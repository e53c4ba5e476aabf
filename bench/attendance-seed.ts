/**
 * `pnpm exec tsx bench/attendance-seed.ts [--fresh]`: a PostgreSQL database of its own holding a year of
 * attendance: 4,000 people x 250 working days = 1,000,000 records over 50 cameras, made on the server with
 * one INSERT ... SELECT over generate_series (tens of seconds, not the hours per-row inserts would take).
 * The schema comes from the real migrations; the attendance indexes are dropped for the load and rebuilt
 * after it (bulk-building a GIN trigram index is far faster than maintaining it row by row), then VACUUM
 * ANALYZE sets statistics and the visibility map that index-only scans rely on.
 *
 * Shape: 94% of person-days have a time in (82% present 08:00-09:10, 12% late 09:10-11:00), 6% missed;
 * each person mostly passes the same 3 of the 50 cameras; 97% synced to Odoo, 2.5% pending, 0.5% failed;
 * 1% manual, 0.1% voided. Names are 40 first x 40 last names, so a surname matches about 1 person in 40.
 * Re-running keeps a complete database (--fresh rebuilds it).
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { migrateToLatest, openDatabase } from '@sentinel/db';

export const BENCH_DATABASE = 'sentinel_bench_attendance';
export const PEOPLE = 4000;
export const WORKDAYS = 250;
export const CAMERAS = 50;
export const EXPECTED_ROWS = PEOPLE * WORKDAYS;

const FIRST = ['Aisha', 'Omar', 'Fatima', 'Rahim', 'Nadia', 'Karim', 'Sadia', 'Tanvir', 'Maria', 'John', 'Priya', 'Arjun', 'Mei', 'Wei', 'Sara', 'David',
  'Leila', 'Hassan', 'Nusrat', 'Imran', 'Elena', 'Ivan', 'Yuki', 'Kenji', 'Amina', 'Musa', 'Grace', 'Peter', 'Lucia', 'Marco', 'Zara', 'Ali',
  'Hana', 'Farid', 'Rina', 'Sami', 'Noor', 'Adam', 'Eva', 'Luis'];
const LAST = ['Rahman', 'Hossain', 'Ahmed', 'Khan', 'Chowdhury', 'Islam', 'Akter', 'Uddin', 'Smith', 'Johnson', 'Garcia', 'Martinez', 'Nguyen', 'Tanaka',
  'Kowalski', 'Novak', 'Silva', 'Santos', 'Müller', 'Schmidt', 'Rossi', 'Bianchi', 'Dubois', 'Laurent', 'Haddad', 'Nasser', 'Okafor', 'Mensah',
  'Patel', 'Sharma', 'Gupta', 'Singh', 'Kim', 'Park', 'Lee', 'Chen', 'Wang', 'Ivanova', 'Petrov', 'Larsen'];
const DEPARTMENTS = ['Operations', 'Security', 'Engineering', 'Finance', 'Logistics', 'Sales', 'Support', 'Facilities'];

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Creates and fills the bench database unless it is already complete; returns its URL. */
export async function seedAttendanceBench(opts: { adminUrl: string; database?: string; fresh?: boolean }): Promise<string> {
  const database = opts.database ?? BENCH_DATABASE;
  const url = databaseUrl(opts.adminUrl, database);
  const admin = new pg.Client({ connectionString: opts.adminUrl });
  await admin.connect();
  try {
    if (opts.fresh) await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }

  const handle = await openDatabase({ url, poolMax: 1 });
  try {
    await migrateToLatest(handle.db as never);
    const q = (text: string, values?: unknown[]) => handle.pool.query(text, values);
    const { rows } = await q("SELECT count(*)::int AS n FROM attendance_logs WHERE id LIKE 'ATT-B%'");
    if ((rows[0] as { n: number }).n === EXPECTED_ROWS) {
      console.log(`${database}: already holds ${EXPECTED_ROWS.toLocaleString('en')} bench records`);
      return url;
    }
    console.log(`seeding ${database} with ${EXPECTED_ROWS.toLocaleString('en')} attendance records`);
    await q("SET TIME ZONE 'UTC'");
    await q("SET maintenance_work_mem = '512MB'");
    await q("DELETE FROM attendance_logs WHERE id LIKE 'ATT-B%'");
    await q("DELETE FROM face_profiles WHERE id LIKE 'FP-B%'");
    await q("DELETE FROM cameras WHERE id LIKE 'BCAM-%'");

    await q(
      `INSERT INTO cameras (id, name, location, stream_type, stream_url_masked, enabled, status)
       SELECT 'BCAM-' || lpad(n::text, 2, '0'), 'Camera ' || lpad(n::text, 2, '0'), 'Building ' || chr(65 + n % 4), 'HTTP', 'http://10.30.0.' || n || '/mjpeg', true, 'online'
       FROM generate_series(1, $1::int) n`,
      [CAMERAS],
    );
    await q(
      `INSERT INTO face_profiles (id, employee_id, name, department, created_at)
       SELECT 'FP-B' || lpad(n::text, 5, '0'), 'EMP-' || lpad(n::text, 5, '0'),
              ($2::text[])[1 + n % 40] || ' ' || ($3::text[])[1 + (n / 40) % 40], ($4::text[])[1 + n % 8], now() - interval '2 years'
       FROM generate_series(1, $1::int) n`,
      [PEOPLE, FIRST, LAST, DEPARTMENTS],
    );

    const indexes = await q("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'attendance_logs' AND indexname <> 'attendance_logs_pkey'");
    const definitions = indexes.rows as { indexname: string; indexdef: string }[];
    for (const i of definitions) await q(`DROP INDEX ${i.indexname}`);

    await timed('insert 1,000,000 records', () =>
      q(
        `INSERT INTO attendance_logs (id, employee_id, name, department, date, time_in, time_out, camera_id, camera_name, accuracy, status, source,
                                      odoo_status, odoo_sync_time, voided_at, created_at, updated_at)
         SELECT 'ATT-B' || lpad(d.n::text, 3, '0') || lpad(p.n::text, 5, '0'), p.employee_id, p.name, p.department, d.day,
                x.time_in, x.time_in + interval '8 hours' + r3 * interval '90 minutes',
                CASE WHEN x.time_in IS NOT NULL THEN 'BCAM-' || lpad(x.cam::text, 2, '0') END,
                CASE WHEN x.time_in IS NOT NULL THEN 'Camera ' || lpad(x.cam::text, 2, '0') END,
                CASE WHEN x.time_in IS NOT NULL AND r5 >= 0.01 THEN round((0.80 + r4 * 0.19)::numeric, 3) END,
                x.status, CASE WHEN r5 < 0.01 THEN 'manual' ELSE 'auto' END,
                CASE WHEN r6 < 0.97 THEN 'synced' WHEN r6 < 0.995 THEN 'pending' ELSE 'failed' END,
                CASE WHEN r6 < 0.97 THEN d.day + time '19:00' END,
                CASE WHEN r7 < 0.001 THEN d.day + time '20:00' END,
                d.day + time '08:00', d.day + time '19:00'
         FROM (SELECT row_number() OVER (ORDER BY day DESC) AS n, day::date
               FROM generate_series(current_date - 400, current_date - 1, interval '1 day') AS day
               WHERE extract(isodow FROM day) < 6 ORDER BY day DESC LIMIT $1) d
         CROSS JOIN (SELECT row_number() OVER (ORDER BY employee_id) AS n, employee_id, name, department FROM face_profiles WHERE id LIKE 'FP-B%') p
         CROSS JOIN LATERAL (SELECT random() + 0 * p.n AS r1, random() + 0 * d.n AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
                                    random() AS r7, floor(random() * 3)::int AS hop) r
         CROSS JOIN LATERAL (SELECT CASE WHEN r1 < 0.06 THEN NULL
                                         WHEN r1 < 0.18 THEN d.day + time '09:10' + r2 * interval '110 minutes'
                                         ELSE d.day + time '08:00' + r2 * interval '70 minutes' END AS time_in,
                                    CASE WHEN r1 < 0.06 THEN 'missed' WHEN r1 < 0.18 THEN 'late' ELSE 'present' END AS status,
                                    1 + (p.n * 7 + hop) % $2 AS cam) x`,
        [WORKDAYS, CAMERAS],
      ),
    );
    await timed(`rebuild ${definitions.length} indexes`, async () => {
      for (const i of definitions) await q(i.indexdef);
    });
    await timed('vacuum analyze', () => q('VACUUM ANALYZE attendance_logs, face_profiles, cameras'));
    const count = await q("SELECT count(*)::int AS n, pg_size_pretty(pg_total_relation_size('attendance_logs')) AS size FROM attendance_logs");
    const { n, size } = count.rows[0] as { n: number; size: string };
    console.log(`${database}: ${n.toLocaleString('en')} attendance records, ${size} with indexes`);
    return url;
  } finally {
    await handle.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      database: { type: 'string', default: BENCH_DATABASE },
      fresh: { type: 'boolean', default: false },
    },
  });
  await seedAttendanceBench({ adminUrl: values['database-url'], database: values.database, fresh: values.fresh });
}
