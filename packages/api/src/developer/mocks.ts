/**
 * The demo data sets an Admin can load or remove from the developer console. Each set knows exactly
 * which rows it creates (fixed ids), refuses to load over rows that are not its own, and on removal
 * deletes exactly those rows. Loading and removing are idempotent.
 */
import { AppError, conflict, maskUrlCredentials, randomToken } from '@sentinel/platform';
import type { Database, Kysely } from '@sentinel/db';
import type { TMockDataSet } from '@sentinel/contracts';
import type { AppServices } from '../core/services.ts';
import { hashPassword } from '../auth/passwords.ts';
import { DEMO_ADMIN_PASSWORD } from '../setup/first-start.ts';
import { DEMO_CAMERA_IDS, DEMO_USER_IDS, removeDemo, seedDemo } from '../../../../db/seeds/demo.ts';
import { DEMO_ALERT_IDS, isDemoAlertsLoaded, removeDemoAlerts, seedDemoAlerts } from '../../../../db/seeds/demo-alerts.ts';

type Db = Kysely<Database>;

interface MockSet {
  id: string;
  label: string;
  description: string;
  isLoaded(db: Db): Promise<boolean>;
  /** rows of the set present now, per table */
  counts(db: Db): Promise<Record<string, number>>;
  /** rows that stand where the set would put its own: loading over them is refused */
  conflicts(db: Db): Promise<string[]>;
  load(app: AppServices, db: Db): Promise<void>;
  remove(db: Db): Promise<void>;
}

async function countIn(db: Db, table: 'cameras' | 'users' | 'alerts', ids: readonly string[]): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('id', 'in', [...ids]).executeTakeFirst();
  return Number(row?.n ?? 0);
}

const DEMO_LOGINS = ['operator', 'viewer'];

const MOCK_SETS: readonly MockSet[] = [
  {
    id: 'demo',
    label: 'Demo site',
    description: 'Six cameras of every stream type (CAM-1 to CAM-6) and an Operator and a Viewer account (the first-start demo data)',
    isLoaded: async (db) => (await db.selectFrom('app_settings').select('key').where('key', '=', 'seed.demo').executeTakeFirst()) !== undefined,
    counts: async (db) => ({ cameras: await countIn(db, 'cameras', DEMO_CAMERA_IDS), users: await countIn(db, 'users', DEMO_USER_IDS) }),
    async conflicts(db) {
      const cameras = await db.selectFrom('cameras').select('id').where('id', 'in', [...DEMO_CAMERA_IDS]).execute();
      const users = await db
        .selectFrom('users')
        .select('id')
        .where('id', 'not in', [...DEMO_USER_IDS])
        .where('deleted_at', 'is', null)
        .where((eb) => eb.or([eb(eb.fn('lower', ['username']), 'in', DEMO_LOGINS), eb(eb.fn('lower', ['email']), 'in', DEMO_LOGINS.map((u) => `${u}@example.com`))]))
        .execute();
      return [...cameras.map((c) => `camera ${c.id}`), ...users.map((u) => `user ${u.id}`)];
    },
    async load(app, db) {
      // the well-known demo password only on a demo deployment; elsewhere the accounts need a reset to be used
      const password = app.config.seedDemo ? DEMO_ADMIN_PASSWORD : randomToken(24);
      await seedDemo(db, { seal: (plain) => app.secrets.seal(plain), mask: maskUrlCredentials, hashPassword, demoPassword: password });
    },
    remove: async (db) => void (await removeDemo(db)),
  },
  {
    id: 'demo-alerts',
    label: 'Demo alerts',
    description: 'Five alerts (open, acknowledged and resolved; info and warning) linked to the demo cameras when those are loaded',
    isLoaded: (db) => isDemoAlertsLoaded(db),
    counts: async (db) => ({ alerts: await countIn(db, 'alerts', DEMO_ALERT_IDS) }),
    conflicts: async (db) => (await db.selectFrom('alerts').select('id').where('id', 'in', [...DEMO_ALERT_IDS]).execute()).map((a) => `alert ${a.id}`),
    load: async (_app, db) => void (await seedDemoAlerts(db)),
    remove: async (db) => void (await removeDemoAlerts(db)),
  },
];

async function describeSet(db: Db, set: MockSet): Promise<TMockDataSet> {
  const loaded = await set.isLoaded(db);
  const counts = await set.counts(db);
  // while not loaded, rows with the set's ids are someone else's: the set has none
  return { id: set.id, label: set.label, description: set.description, loaded, counts: loaded ? counts : Object.fromEntries(Object.keys(counts).map((k) => [k, 0])) };
}

export async function listMockSets(app: AppServices): Promise<TMockDataSet[]> {
  const out: TMockDataSet[] = [];
  for (const set of MOCK_SETS) out.push(await describeSet(app.db, set));
  return out;
}

/** Loads (true) or removes (false) each named set; loads in catalogue order, removals in reverse. */
export async function updateMockSets(app: AppServices, wanted: Record<string, boolean>): Promise<{ sets: TMockDataSet[]; changed: string[] }> {
  const unknown = Object.keys(wanted).filter((id) => !MOCK_SETS.some((s) => s.id === id));
  if (unknown.length) {
    throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: Object.fromEntries(unknown.map((id) => [`sets.${id}`, `unknown mock data set (known: ${MOCK_SETS.map((s) => s.id).join(', ')})`])) });
  }
  const changed: string[] = [];
  await app.db.transaction().execute(async (trx) => {
    for (const set of [...MOCK_SETS].reverse()) {
      if (wanted[set.id] !== false || !(await set.isLoaded(trx))) continue;
      await set.remove(trx);
      changed.push(`-${set.id}`);
    }
    for (const set of MOCK_SETS) {
      if (wanted[set.id] !== true || (await set.isLoaded(trx))) continue;
      const taken = await set.conflicts(trx);
      if (taken.length) throw conflict(`The '${set.id}' data set cannot be loaded: ${taken.join(', ')} already exist`, { set: set.id, existing: taken });
      await set.load(app, trx);
      changed.push(`+${set.id}`);
    }
  });
  // removed accounts lose their cached sessions at once, not after the cache expires
  if (changed.some((c) => c.startsWith('-'))) app.sessions.invalidate();
  return { sets: await listMockSets(app), changed };
}
