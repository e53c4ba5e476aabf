/**
 * Languages: a list with exactly one default (English is seeded). Codes are BCP-47 tags kept in their
 * canonical form, so 'en-us' and 'en-US' are one language.
 */
import { conflict, invalid } from '@sentinel/platform';
import type { Database, Kysely } from '@sentinel/db';
import { canonicalLanguageTag, type TCreateLanguageRequest, type TLanguage } from '@sentinel/contracts';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import * as repo from './repository.ts';

export function listLanguages(db: Kysely<Database>): Promise<TLanguage[]> {
  return repo.listLanguages(db);
}

/** Adds a language; with isDefault it becomes the default in the same transaction. 409 when the code exists. */
export async function addLanguage(db: Kysely<Database>, input: TCreateLanguageRequest, actor: Actor): Promise<TLanguage> {
  const code = canonicalLanguageTag(input.code);
  if (!code) throw invalid('code', 'not a BCP-47 language tag');
  const language: TLanguage = { code, label: input.label, isDefault: input.isDefault };
  return db.transaction().execute(async (trx) => {
    const existing = await repo.findLanguage(trx, code);
    if (existing) throw conflict(`The language '${existing.code}' already exists`, { code: existing.code });
    const previousDefault = input.isDefault ? await repo.defaultLanguage(trx) : undefined;
    if (input.isDefault) await repo.clearDefaultLanguage(trx);
    await repo.insertLanguage(trx, language);
    await recordAudit(trx, actor, {
      action: 'i18n.language.create',
      resourceType: 'language',
      resourceId: code,
      message: input.isDefault ? `default language changed from '${previousDefault?.code ?? 'none'}' to '${code}'` : '',
      after: language,
    });
    return language;
  });
}
