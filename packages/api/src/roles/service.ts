/** Roles: built-in ones are fixed; custom roles may hold any permission except the Admin-only ones. */
import { AppError, conflict, newId, notFound } from '@sentinel/platform';
import type { Database, Kysely } from '@sentinel/db';
import { ADMIN_ONLY_PERMISSIONS, PERMISSIONS, type Permission, type TRole } from '@sentinel/contracts';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import * as repo from './repository.ts';

function checkGrantable(permissions: readonly string[]): void {
  const adminOnly = permissions.filter((p) => ADMIN_ONLY_PERMISSIONS.includes(p as Permission));
  if (adminOnly.length) {
    throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { permissions: `only the Admin role may hold ${adminOnly.join(', ')}` } });
  }
}

export function permissionDictionary() {
  return Object.entries(PERMISSIONS).map(([id, description]) => ({ id, description, adminOnly: ADMIN_ONLY_PERMISSIONS.includes(id as Permission) }));
}

export function listAllRoles(db: Kysely<Database>): Promise<TRole[]> {
  return repo.listRoles(db);
}

export async function createCustomRole(
  db: Kysely<Database>,
  input: { id?: string | undefined; name: string; description: string; permissions: string[] },
  actor: Actor,
): Promise<TRole> {
  checkGrantable(input.permissions);
  const id = input.id ?? newId('ROLE', 8);
  return db.transaction().execute(async (trx) => {
    if ((await repo.findRole(trx, id)) || (await repo.findRole(trx, input.name))) throw conflict('A role with this id or name already exists');
    const role = { id, name: input.name, description: input.description, permissions: [...new Set(input.permissions)] };
    await repo.insertRole(trx, role);
    await recordAudit(trx, actor, { action: 'role.create', resourceType: 'role', resourceId: id, after: role });
    return { ...role, builtIn: false };
  });
}

export async function updateCustomRole(
  db: Kysely<Database>,
  input: { id: string; name?: string | undefined; description?: string | undefined; permissions?: string[] | undefined },
  actor: Actor,
): Promise<TRole> {
  return db.transaction().execute(async (trx) => {
    const before = await repo.findRole(trx, input.id);
    if (!before || before.id !== input.id) throw notFound('Role', input.id);
    if (before.builtIn && (input.permissions || input.name)) throw conflict('Built-in roles keep their name and permissions; create a custom role instead');
    if (input.permissions) checkGrantable(input.permissions);
    if (input.name && input.name.toLowerCase() !== before.name.toLowerCase() && (await repo.findRole(trx, input.name))) throw conflict('A role with this name already exists');
    const patch = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.permissions !== undefined ? { permissions: [...new Set(input.permissions)] } : {}),
    };
    await repo.updateRole(trx, input.id, patch);
    const after = (await repo.findRole(trx, input.id))!;
    await recordAudit(trx, actor, { action: 'role.update', resourceType: 'role', resourceId: input.id, before, after });
    return after;
  });
}
