/** SQL for user accounts. Soft-deleted users are invisible to every query here. */
import { containsPattern, sql, type Database, type Kysely, type Transaction } from '@sentinel/db';
import type { TListUsersRequest, TUserAccount } from '@sentinel/contracts';

type Db = Kysely<Database> | Transaction<Database>;

export interface UserRecord extends TUserAccount {
  passwordHash: string | null;
}

function base(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .where('users.deleted_at', 'is', null)
    .select([
      'users.id', 'users.name', 'users.email', 'users.username', 'users.role_id', 'roles.name as role_name', 'users.status',
      'users.last_active', 'users.created_at', 'users.password_hash',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function toRecord(r: Row): UserRecord {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    username: r.username,
    roleId: r.role_id,
    roleName: r.role_name,
    status: r.status as TUserAccount['status'],
    lastActive: r.last_active ? r.last_active.toISOString() : null,
    createdAt: r.created_at.toISOString(),
    passwordHash: r.password_hash,
  };
}

export function toAccount(u: UserRecord): TUserAccount {
  const { passwordHash: _omit, ...account } = u;
  return account;
}

export async function findUserById(db: Db, id: string): Promise<UserRecord | undefined> {
  const row = await base(db).where('users.id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** By username or email, case-insensitively. */
export async function findUserByLogin(db: Db, login: string): Promise<UserRecord | undefined> {
  const l = login.toLowerCase();
  const row = await base(db)
    .where((eb) => eb.or([eb(eb.fn('lower', ['users.email']), '=', l), eb(eb.fn('lower', ['users.username']), '=', l)]))
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRecord | undefined> {
  const row = await base(db).where(sql`lower(users.email)`, '=', email.toLowerCase()).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

const SORT = { name: 'users.name', email: 'users.email', createdAt: 'users.created_at', lastActive: 'users.last_active' } as const;

export async function listUsers(db: Db, q: TListUsersRequest): Promise<{ rows: UserRecord[]; total: number }> {
  let query = base(db);
  if (q.role) query = query.where((eb) => eb.or([eb('users.role_id', '=', q.role!), eb(eb.fn('lower', ['roles.name']), '=', q.role!.toLowerCase())]));
  if (q.status) query = query.where('users.status', '=', q.status);
  if (q.search) {
    const like = containsPattern(q.search);
    query = query.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['users.name']), 'like', like),
        eb(eb.fn('lower', ['users.email']), 'like', like),
        eb(eb.fn('lower', ['users.username']), 'like', like),
      ]),
    );
  }
  const [{ total } = { total: 0 }] = await query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await query
    .orderBy(SORT[q.sortBy], q.sortDir ?? 'asc')
    .orderBy('users.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { rows: rows.map(toRecord), total };
}

export async function insertUser(
  db: Db,
  u: { id: string; name: string; email: string; username: string | null; roleId: string; status: string; passwordHash: string | null },
): Promise<void> {
  await db
    .insertInto('users')
    .values({ id: u.id, name: u.name, email: u.email, username: u.username, role_id: u.roleId, status: u.status, password_hash: u.passwordHash })
    .execute();
}

export async function updateUser(
  db: Db,
  id: string,
  patch: { name?: string; email?: string; roleId?: string; status?: string; passwordHash?: string; lastActive?: Date },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      ...(patch.roleId !== undefined ? { role_id: patch.roleId } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
      ...(patch.lastActive !== undefined ? { last_active: patch.lastActive } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function softDeleteUser(db: Db, id: string): Promise<void> {
  await db.updateTable('users').set({ deleted_at: new Date(), status: 'disabled', updated_at: new Date() }).where('id', '=', id).execute();
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role_id', '=', 'ROLE-ADMIN')
    .where('status', '=', 'active')
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}
