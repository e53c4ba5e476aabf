/** Feature flags (app_settings 'features'): the known flags with their defaults, overridden where set. */
import type { Database, Kysely, Transaction } from '@sentinel/db';
import { FEATURE_FLAGS, ZFeatureFlagsSchema, type TFeatureFlags, type TUpdateFeatureFlagsRequest } from '@sentinel/contracts';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import { readSetting, writeSetting } from './site.ts';

export const FEATURES_KEY = 'features';

const DEFAULT_FLAGS = Object.fromEntries(Object.entries(FEATURE_FLAGS).map(([flag, spec]) => [flag, spec.default])) as TFeatureFlags;

export async function getFeatureFlags(db: Kysely<Database> | Transaction<Database>): Promise<TFeatureFlags> {
  // a flag stored by an older version and since removed is dropped by the parse
  const stored = ZFeatureFlagsSchema.partial().safeParse(await readSetting(db, FEATURES_KEY));
  return { ...DEFAULT_FLAGS, ...(stored.success ? stored.data : {}) };
}

export async function updateFeatureFlags(db: Kysely<Database>, patch: TUpdateFeatureFlagsRequest, actor: Actor): Promise<TFeatureFlags> {
  return db.transaction().execute(async (trx) => {
    const before = await getFeatureFlags(trx);
    const after = { ...before, ...patch };
    await writeSetting(trx, FEATURES_KEY, after);
    await recordAudit(trx, actor, { action: 'settings.features', resourceType: 'setting', resourceId: FEATURES_KEY, before, after });
    return after;
  });
}
