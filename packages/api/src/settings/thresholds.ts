/**
 * Detection thresholds (app_settings 'detection.thresholds'): what the recognition pipeline counts as a
 * match, an unknown face, or no face at all. Read with getDetectionThresholds wherever detections are judged.
 */
import { invalid } from '@sentinel/platform';
import type { Database, Kysely, Transaction } from '@sentinel/db';
import { ZDetectionThresholdsSchema, type TDetectionThresholds, type TUpdateDetectionThresholdsRequest } from '@sentinel/contracts';
import type { Actor } from '../core/context.ts';
import { recordAudit } from '../audit/trail.ts';
import { readSetting, writeSetting } from './site.ts';

export const DETECTION_THRESHOLDS_KEY = 'detection.thresholds';

export const DEFAULT_DETECTION_THRESHOLDS: TDetectionThresholds = {
  matchConfidence: 0.75,
  unknownConfidence: 0.5,
  minDetectionConfidence: 0.6,
  minFaceSize: 48,
};

export async function getDetectionThresholds(db: Kysely<Database> | Transaction<Database>): Promise<TDetectionThresholds> {
  const stored = ZDetectionThresholdsSchema.partial().safeParse(await readSetting(db, DETECTION_THRESHOLDS_KEY));
  return { ...DEFAULT_DETECTION_THRESHOLDS, ...(stored.success ? stored.data : {}) };
}

export async function updateDetectionThresholds(db: Kysely<Database>, patch: TUpdateDetectionThresholdsRequest, actor: Actor): Promise<TDetectionThresholds> {
  return db.transaction().execute(async (trx) => {
    const before = await getDetectionThresholds(trx);
    const after = { ...before, ...patch };
    if (after.unknownConfidence > after.matchConfidence) {
      throw invalid('unknownConfidence', `must not exceed matchConfidence (${after.matchConfidence})`);
    }
    await writeSetting(trx, DETECTION_THRESHOLDS_KEY, after);
    await recordAudit(trx, actor, { action: 'settings.detection-thresholds', resourceType: 'setting', resourceId: DETECTION_THRESHOLDS_KEY, before, after });
    return after;
  });
}
