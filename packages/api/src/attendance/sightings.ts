/**
 * recordSighting: a recognised person seen on a camera at a moment. The detection pipeline calls it for each
 * match; tests call it directly. It stores the sighting (a `detections` row, which person history lists) and
 * applies it to the person's record of the attendance day (see day-rules.ts), in one transaction.
 *
 * A repeat of the same person on the same camera within the de-duplication window is dropped entirely: no
 * detection row, no change. People whose profile is inactive are still recorded as sightings but their
 * attendance is not tracked. Unknown people and cameras are errors (the pipeline matched against stale data).
 */
import { newId, notFound } from '@sentinel/platform';
import type { TAttendanceLog } from '@sentinel/contracts';
import { attendanceDayOf } from '../shifts/assignment.ts';
import { allShifts } from '../shifts/repository.ts';
import { getSiteTimezone } from '../settings/site.ts';
import { openedBySighting, sightingChange } from './day-rules.ts';
import { publishAttendance, type AttendanceDeps } from './live.ts';
import { getDedupeWindowSeconds } from './settings.ts';
import * as repo from './repository.ts';

export interface SightingInput {
  employeeId: string;
  cameraId: string;
  at: Date;
  /** recognition confidence 0-1 */
  confidence: number | null;
  thumbnail?: string | null;
  boundingBox?: Record<string, number> | null;
}

export interface SightingResult {
  /** opened: first of the day; updated: time in/out moved; unchanged: within the known times; duplicate: dropped; untracked: inactive person */
  outcome: 'opened' | 'updated' | 'unchanged' | 'duplicate' | 'untracked';
  detectionId: string | null;
  log: TAttendanceLog | null;
}

export async function recordSighting(deps: AttendanceDeps, input: SightingInput): Promise<SightingResult> {
  const result = await deps.db.transaction().execute(async (trx): Promise<SightingResult> => {
    await repo.lockPerson(trx, input.employeeId);
    const person = await repo.findPerson(trx, input.employeeId);
    if (!person) throw notFound('Person', input.employeeId);
    const cameraName = await repo.findCameraName(trx, input.cameraId);
    if (cameraName === undefined) throw notFound('Camera', input.cameraId);
    if (await repo.seenWithin(trx, person.employeeId, input.cameraId, input.at, await getDedupeWindowSeconds(trx))) {
      return { outcome: 'duplicate', detectionId: null, log: null };
    }
    const detectionId = newId('DET');
    await repo.insertSighting(trx, {
      id: detectionId,
      cameraId: input.cameraId,
      person,
      at: input.at,
      confidence: input.confidence,
      thumbnail: input.thumbnail ?? null,
      boundingBox: input.boundingBox ?? null,
    });
    if (person.status !== 'active') return { outcome: 'untracked', detectionId, log: null };

    const day = attendanceDayOf(input.at, person.department, await allShifts(trx), await getSiteTimezone(trx));
    const sighting = { at: input.at, cameraId: input.cameraId, cameraName, confidence: input.confidence };
    let record = await repo.findDay(trx, person.employeeId, day.date);
    let outcome: SightingResult['outcome'] = 'updated';
    if (!record) {
      const id = newId('ATT');
      // the missed job may have opened the day meanwhile; then this sighting updates that record
      if (await repo.insertDay(trx, id, person, day.date, openedBySighting(sighting, day))) {
        return { outcome: 'opened', detectionId, log: repo.toLog((await repo.findLive(trx, id))!) };
      }
      record = (await repo.findDay(trx, person.employeeId, day.date))!;
    }
    const change = sightingChange(record, sighting, day);
    if (!change) outcome = 'unchanged';
    else await repo.updateDay(trx, record.id, change);
    return { outcome, detectionId, log: repo.toLog((await repo.findLive(trx, record.id))!) };
  });
  if (result.log && (result.outcome === 'opened' || result.outcome === 'updated')) await publishAttendance(deps, result.log, 'recorded');
  return result;
}
