/**
 * Applies pending migrations (the server also does this at start). `--status` lists them instead.
 * Uses DATABASE_URL, or the embedded database in DATA_DIR.
 */
import path from 'node:path';
import { loadConfig } from '@sentinel/platform';
import { createMigrator, migrateToLatest, openDatabase, withStartupLock } from '@sentinel/db';

const config = loadConfig();
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.DATA_DIR, 'pg') });
try {
  if (process.argv.includes('--status')) {
    for (const m of await createMigrator(database.db as never).getMigrations()) {
      console.log(`${m.executedAt ? `applied ${m.executedAt.toISOString()}` : 'pending'}  ${m.name}`);
    }
  } else {
    const result = await withStartupLock(database, () => migrateToLatest(database.db as never));
    const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  }
} finally {
  await database.close();
}
