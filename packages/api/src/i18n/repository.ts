/** SQL for the languages the UI offers. */
import { sql, type Database, type Kysely, type Transaction } from '@sentinel/db';
import type { TLanguage } from '@sentinel/contracts';

type Db = Kysely<Database> | Transaction<Database>;

function base(db: Db) {
  return db.selectFrom('languages').select(['code', 'label', 'is_default']);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

const toLanguage = (r: Row): TLanguage => ({ code: r.code, label: r.label, isDefault: r.is_default });

/** The default first, then by label. */
export async function listLanguages(db: Db): Promise<TLanguage[]> {
  const rows = await base(db).orderBy('is_default', 'desc').orderBy('label').orderBy('code').execute();
  return rows.map(toLanguage);
}

/** Case-insensitive: en-US and en-us are the same tag. */
export async function findLanguage(db: Db, code: string): Promise<TLanguage | undefined> {
  const row = await base(db).where(sql<string>`lower(code)`, '=', code.toLowerCase()).executeTakeFirst();
  return row ? toLanguage(row) : undefined;
}

export async function defaultLanguage(db: Db): Promise<TLanguage | undefined> {
  const row = await base(db).where('is_default', '=', true).executeTakeFirst();
  return row ? toLanguage(row) : undefined;
}

export async function clearDefaultLanguage(db: Db): Promise<void> {
  await db.updateTable('languages').set({ is_default: false }).where('is_default', '=', true).execute();
}

export async function insertLanguage(db: Db, language: TLanguage): Promise<void> {
  await db.insertInto('languages').values({ code: language.code, label: language.label, is_default: language.isDefault }).execute();
}
