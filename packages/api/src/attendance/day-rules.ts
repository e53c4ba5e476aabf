/**
 * How a sighting or a manual entry changes a person's record of the day. Pure, so each rule reads plainly:
 *
 * - The first sighting of the day opens the record: time in, its camera and confidence, present or late.
 * - A later sighting moves the time out to it. A sighting earlier than the time in (the pipeline may deliver
 *   late) becomes the time in, and the status is judged again.
 * - A record the missed job made gets its time in from the first sighting (late, since the shift has ended).
 * - A manual entry wins: it sets time in, status and camera, whatever the cameras saw. Afterwards automatic
 *   sightings never change its time in, status or camera; they may only move the time out later (the person
 *   is still seen leaving). A manual 'missed' is final: sightings change nothing.
 */
import type { TManualAttendanceRequest } from '@sentinel/contracts';
import { statusForTimeIn, type AttendanceDay } from '../shifts/assignment.ts';
import type { AttendanceRecord, DayValues } from './repository.ts';

export interface Sighting {
  at: Date;
  cameraId: string;
  cameraName: string;
  confidence: number | null;
}

const later = (a: Date | null, b: Date | null): Date | null => (!a ? b : !b ? a : a > b ? a : b);

function timeInFrom(s: Sighting, day: AttendanceDay): Pick<DayValues, 'timeIn' | 'cameraId' | 'cameraName' | 'accuracy' | 'status' | 'shiftId'> {
  return { timeIn: s.at, cameraId: s.cameraId, cameraName: s.cameraName, accuracy: s.confidence, status: statusForTimeIn(s.at, day), shiftId: day.occurrence?.shift.id ?? null };
}

export function openedBySighting(s: Sighting, day: AttendanceDay): DayValues {
  return { ...timeInFrom(s, day), timeOut: null, source: 'auto', note: null, manualAt: null };
}

/** What a sighting changes on an existing record, or null when it changes nothing. */
export function sightingChange(record: AttendanceRecord, s: Sighting, day: AttendanceDay): Partial<DayValues> | null {
  if (record.source === 'manual') {
    if (record.status === 'missed' || !record.timeIn) return null;
    return s.at > record.timeIn && (!record.timeOut || s.at > record.timeOut) ? { timeOut: s.at } : null;
  }
  if (!record.timeIn) return timeInFrom(s, day);
  if (s.at < record.timeIn) return { ...timeInFrom(s, day), timeOut: later(record.timeOut, record.timeIn) };
  if (s.at > (record.timeOut ?? record.timeIn)) return { timeOut: s.at };
  return null;
}

/**
 * The record a manual entry leaves. The last sighting after the manual time in (an automatic time in or
 * time out) stays as the time out; 'missed' clears both times (the timestamp only chose the day).
 */
export function manualValues(
  input: Pick<TManualAttendanceRequest, 'status' | 'note'>,
  at: Date,
  camera: { id: string; name: string },
  day: AttendanceDay,
  existing: AttendanceRecord | undefined,
): DayValues {
  const missed = input.status === 'missed';
  const lastSeen = later(existing?.timeOut ?? null, existing?.source === 'auto' ? existing.timeIn : null);
  const keptTimeOut = lastSeen && lastSeen > at ? lastSeen : null;
  return {
    timeIn: missed ? null : at,
    timeOut: missed ? null : keptTimeOut,
    cameraId: camera.id,
    cameraName: camera.name,
    accuracy: null,
    status: input.status,
    source: 'manual',
    shiftId: day.occurrence?.shift.id ?? null,
    note: input.note ?? null,
    manualAt: at,
  };
}
