/**
 * Loads the demo data set (cameras of every stream type, an Operator and a Viewer) into the configured
 * database, once. The embedded first start does this by itself.
 */
import path from 'node:path';
import { createSecretBox, loadConfig, maskUrlCredentials } from '@sentinel/platform';
import { migrateToLatest, openDatabase, withStartupLock } from '@sentinel/db';
import { DEMO_ADMIN_PASSWORD, ensureAdmin, ensureBuiltInRoles, hashPassword } from '@sentinel/api';
import { resolveKeys } from '../apps/server/src/keys.ts';
import { demoClipPathIn, seedDemo } from '../db/seeds/demo.ts';

const config = loadConfig({ SEED_DEMO: 'true' });
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.DATA_DIR, 'pg') });
try {
  const box = createSecretBox(resolveKeys(config).encryptionKey);
  const seeded = await withStartupLock(database, async () => {
    await migrateToLatest(database.db as never);
    await ensureBuiltInRoles(database.db);
    await ensureAdmin(database.db, config);
    return seedDemo(database.db, { seal: (p) => box.seal(p), mask: maskUrlCredentials, hashPassword, demoPassword: DEMO_ADMIN_PASSWORD, demoClipPath: demoClipPathIn(config.DATA_DIR) });
  });
  console.log(seeded ? 'demo data loaded (the server writes the demo camera\'s clip at its next start)' : 'demo data was already loaded');
} finally {
  await database.close();
}
