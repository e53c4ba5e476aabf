/**
 * First start: the built-in roles always match the code's definition, and an Admin exists. The Admin's
 * password comes from ADMIN_PASSWORD, or the documented demo password on the embedded demo.
 */
import { ConfigError, newId, type AppConfig } from '@sentinel/platform';
import type { Database, Kysely } from '@sentinel/db';
import { BUILT_IN_ROLES } from '@sentinel/contracts';
import { hashPassword } from '../auth/passwords.ts';

export const DEMO_ADMIN_PASSWORD = 'sentinel-demo';

export async function ensureBuiltInRoles(db: Kysely<Database>): Promise<void> {
  for (const role of BUILT_IN_ROLES) {
    await db
      .insertInto('roles')
      .values({ id: role.id, name: role.name, description: role.description, permissions: [...role.permissions], built_in: true })
      .onConflict((oc) => oc.column('id').doUpdateSet({ permissions: [...role.permissions], built_in: true }))
      .execute();
  }
}

/** Creates the first Admin when there are no users at all. Returns the created username, if any. */
export async function ensureAdmin(db: Kysely<Database>, config: AppConfig): Promise<string | undefined> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return undefined;
  const password = config.ADMIN_PASSWORD ?? (config.seedDemo ? DEMO_ADMIN_PASSWORD : undefined);
  if (!password) throw new ConfigError('Invalid configuration:\n  ADMIN_PASSWORD is required on the first start of a non-demo deployment');
  await db
    .insertInto('users')
    .values({
      id: newId('USR'),
      name: 'Administrator',
      email: config.ADMIN_EMAIL,
      username: config.ADMIN_USERNAME,
      role_id: 'ROLE-ADMIN',
      status: 'active',
      password_hash: await hashPassword(password),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return config.ADMIN_USERNAME;
}
