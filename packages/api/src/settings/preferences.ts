/**
 * Per-user UI preferences. Only the keys a user set are stored; defaults fill the rest on every read, so
 * a changed default reaches everyone who never chose. A stored value that no longer validates (say, a
 * key from an older version) falls back to the default rather than breaking the screen.
 */
import { invalid } from '@sentinel/platform';
import type { Database, Kysely, Transaction } from '@sentinel/db';
import { canonicalLanguageTag, canonicalZone, ZPreferencesSchema, type TPreferences, type TUpdatePreferencesRequest } from '@sentinel/contracts';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import { defaultLanguage, findLanguage } from '../i18n/repository.ts';
import { readUserPreferences, writeUserPreferences } from './repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

const DEFAULTS: Omit<TPreferences, 'language'> = {
  theme: 'dark',
  gridMode: '3x3',
  autoRotate: false,
  autoRotateSeconds: 30,
  timezone: null,
  timeFormat: '24h',
  alertSound: true,
  sidebarCollapsed: false,
};

const KEYS = Object.keys(ZPreferencesSchema.shape) as (keyof TPreferences)[];

function merged(stored: Record<string, unknown>, language: string): TPreferences {
  const out: Record<string, unknown> = { ...DEFAULTS, language };
  for (const key of KEYS) {
    if (!(key in stored)) continue;
    const parsed = ZPreferencesSchema.shape[key].safeParse(stored[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as TPreferences;
}

async function fallbackLanguage(db: Db): Promise<string> {
  return (await defaultLanguage(db))?.code ?? 'en';
}

export async function getPreferences(db: Db, userId: string): Promise<TPreferences> {
  return merged(await readUserPreferences(db, userId), await fallbackLanguage(db));
}

/** Merges a partial update: the language must be one the site offers; time zones are stored canonical. */
export async function updatePreferences(db: Kysely<Database>, userId: string, patch: TUpdatePreferencesRequest, actor: Actor): Promise<TPreferences> {
  return db.transaction().execute(async (trx) => {
    const change: Record<string, unknown> = { ...patch };
    if (patch.language !== undefined) {
      const tag = canonicalLanguageTag(patch.language);
      const offered = tag ? await findLanguage(trx, tag) : undefined;
      if (!offered) throw invalid('language', `'${patch.language}' is not one of the languages offered (GET /i18n/languages)`);
      change.language = offered.code;
    }
    if (patch.timezone) change.timezone = canonicalZone(patch.timezone);
    const before = await readUserPreferences(trx, userId);
    const after = { ...before, ...change };
    await writeUserPreferences(trx, userId, after);
    await recordAudit(trx, actor, { action: 'settings.preferences', resourceType: 'user-preferences', resourceId: userId, before, after });
    return merged(after, await fallbackLanguage(trx));
  });
}

/** The user's own zone (null follows the site's). */
export async function getUserTimezone(db: Db, userId: string): Promise<string | null> {
  return (await getPreferences(db, userId)).timezone;
}
