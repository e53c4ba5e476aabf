/** Business rules for user accounts: unique emails, valid roles, the last Admin cannot be removed. */
import { AppError, conflict, invalid, newId, notFound } from '@sentinel/platform';
import type { Database, Kysely } from '@sentinel/db';
import { pageMeta, type Page, type TCreateUserRequest, type TListUsersRequest, type TUpdateUserRequest, type TUserAccount } from '@sentinel/contracts';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import { hashPassword } from '../auth/passwords.ts';
import { findRole } from '../roles/repository.ts';
import * as repo from './repository.ts';

export async function listUserAccounts(db: Kysely<Database>, q: TListUsersRequest): Promise<Page<TUserAccount>> {
  const { rows, total } = await repo.listUsers(db, q);
  return { data: rows.map(repo.toAccount), meta: pageMeta(q.page, q.pageSize, total) };
}

export async function getUserAccount(db: Kysely<Database>, id: string): Promise<TUserAccount> {
  const user = await repo.findUserById(db, id);
  if (!user) throw notFound('User', id);
  return repo.toAccount(user);
}

export async function createUserAccount(db: Kysely<Database>, input: TCreateUserRequest, actor: Actor): Promise<TUserAccount> {
  if (!(await findRole(db, input.roleId))) throw invalid('roleId', `unknown role '${input.roleId}'`);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const id = newId('USR');
  return db.transaction().execute(async (trx) => {
    if (await repo.findUserByEmail(trx, input.email)) throw conflict('A user with this email already exists', { email: input.email });
    if (input.username && (await repo.findUserByLogin(trx, input.username))) throw conflict('A user with this username already exists', { username: input.username });
    await repo.insertUser(trx, {
      id,
      name: input.name,
      email: input.email,
      username: input.username ?? null,
      roleId: input.roleId,
      status: passwordHash ? 'active' : 'invited',
      passwordHash,
    });
    const created = repo.toAccount((await repo.findUserById(trx, id))!);
    await recordAudit(trx, actor, { action: 'user.create', resourceType: 'user', resourceId: id, after: created });
    return created;
  });
}

export async function updateUserAccount(db: Kysely<Database>, input: TUpdateUserRequest, actor: Actor): Promise<TUserAccount> {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findUserById(trx, input.id);
    if (!before) throw notFound('User', input.id);
    if (input.roleId && !(await findRole(trx, input.roleId))) throw invalid('roleId', `unknown role '${input.roleId}'`);
    if (input.email && input.email.toLowerCase() !== before.email.toLowerCase() && (await repo.findUserByEmail(trx, input.email))) {
      throw conflict('A user with this email already exists', { email: input.email });
    }
    const losesAdmin = before.roleId === 'ROLE-ADMIN' && before.status === 'active' && ((input.roleId && input.roleId !== 'ROLE-ADMIN') || input.status === 'disabled');
    if (losesAdmin && (await repo.countActiveAdmins(trx)) <= 1) throw conflict('The last active Admin cannot be demoted or disabled');
    await repo.updateUser(trx, input.id, input);
    if (input.status === 'disabled') {
      await trx.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('user_id', '=', input.id).where('revoked_at', 'is', null).execute();
    }
    const after = repo.toAccount((await repo.findUserById(trx, input.id))!);
    await recordAudit(trx, actor, { action: 'user.update', resourceType: 'user', resourceId: input.id, before: repo.toAccount(before), after });
    return after;
  });
}

export async function deleteUserAccount(db: Kysely<Database>, id: string, actor: Actor): Promise<void> {
  if (actor.id === id) throw new AppError('CONFLICT', 'You cannot delete your own account');
  await db.transaction().execute(async (trx) => {
    const before = await repo.findUserById(trx, id);
    if (!before) throw notFound('User', id);
    if (before.roleId === 'ROLE-ADMIN' && before.status === 'active' && (await repo.countActiveAdmins(trx)) <= 1) {
      throw conflict('The last active Admin cannot be deleted');
    }
    await repo.softDeleteUser(trx, id);
    await trx.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('user_id', '=', id).where('revoked_at', 'is', null).execute();
    await recordAudit(trx, actor, { action: 'user.delete', resourceType: 'user', resourceId: id, severity: 'warning', before: repo.toAccount(before) });
  });
}
