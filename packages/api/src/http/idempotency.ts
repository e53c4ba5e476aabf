/**
 * Idempotency-Key on POST: the first request with a key runs and its response is stored; a retry with
 * the same key and body gets the stored response (no second write); the same key with another body, or
 * while the first is still running, is a 409. Keys are scoped to the caller.
 */
import { AppError, sha256 } from '@sentinel/platform';
import { sql, type Database, type Kysely } from '@sentinel/db';

export type IdempotencyOutcome =
  | { kind: 'proceed'; complete(status: number, body: string, headers: Record<string, string>): Promise<void>; abandon(): Promise<void> }
  | { kind: 'replay'; status: number; body: string; headers: Record<string, string> };

export async function beginIdempotent(
  db: Kysely<Database>,
  scope: string,
  key: string,
  fingerprint: string,
): Promise<IdempotencyOutcome> {
  if (key.length > 200) throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { 'Idempotency-Key': 'at most 200 characters' } });
  const requestHash = sha256(fingerprint);
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ scope, key, request_hash: requestHash })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!inserted) {
    const row = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst();
    if (!row) throw new AppError('CONFLICT', 'Idempotency-Key is being processed; retry shortly');
    if (row.request_hash !== requestHash) throw new AppError('CONFLICT', 'Idempotency-Key was already used with a different request');
    if (row.status_code === null || row.response_body === null) throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still in progress');
    return { kind: 'replay', status: row.status_code, body: row.response_body, headers: row.response_headers ?? {} };
  }
  return {
    kind: 'proceed',
    async complete(status, body, headers) {
      await db
        .updateTable('idempotency_keys')
        .set({ status_code: status, response_body: body, response_headers: JSON.stringify(headers) })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .execute();
    },
    async abandon() {
      await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).execute();
    },
  };
}

export async function purgeIdempotencyKeys(db: Kysely<Database>, ttlSeconds: number): Promise<number> {
  const r = await db.deleteFrom('idempotency_keys').where('created_at', '<', sql<Date>`now() - make_interval(secs => ${ttlSeconds})`).executeTakeFirst();
  return Number(r.numDeletedRows);
}
