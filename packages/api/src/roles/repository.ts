/** SQL for roles. */
import type { Database, Kysely, Transaction } from '@sentinel/db';
import type { TRole } from '@sentinel/contracts';

type Db = Kysely<Database> | Transaction<Database>;

const COLUMNS = ['id', 'name', 'description', 'permissions', 'built_in'] as const;

function toRole(r: { id: string; name: string; description: string; permissions: string[]; built_in: boolean }): TRole {
  return { id: r.id, name: r.name, description: r.description, permissions: r.permissions, builtIn: r.built_in };
}

export async function listRoles(db: Db): Promise<TRole[]> {
  const rows = await db.selectFrom('roles').select(COLUMNS).orderBy('built_in', 'desc').orderBy('name').execute();
  return rows.map(toRole);
}

export async function findRole(db: Db, idOrName: string): Promise<TRole | undefined> {
  const row = await db
    .selectFrom('roles')
    .select(COLUMNS)
    .where((eb) => eb.or([eb('id', '=', idOrName), eb(eb.fn('lower', ['name']), '=', idOrName.toLowerCase())]))
    .executeTakeFirst();
  return row ? toRole(row) : undefined;
}

export async function insertRole(db: Db, role: Omit<TRole, 'builtIn'> & { builtIn?: boolean }): Promise<void> {
  await db
    .insertInto('roles')
    .values({ id: role.id, name: role.name, description: role.description, permissions: role.permissions, built_in: role.builtIn ?? false })
    .execute();
}

export async function updateRole(db: Db, id: string, patch: { name?: string; description?: string; permissions?: string[] }): Promise<void> {
  await db.updateTable('roles').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();
}
