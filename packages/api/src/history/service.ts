/**
 * A person's history as the Person History page shows it: a page newest first, or a timeline oldest first.
 * Only registered people have a history here (404 otherwise): a person erased from the registry is gone
 * from this page too, even if old detection rows still name them.
 */
import { notFound } from '@sentinel/platform';
import { pageMeta, type Page, type TPersonHistoryEntry, type TPersonHistoryRequest, type TPersonTimeline, type TPersonTimelineRequest } from '@sentinel/contracts';
import type { AppServices } from '../core/services.ts';
import { findPerson, type Person } from '../attendance/repository.ts';
import * as repo from './repository.ts';

export type HistoryDeps = Pick<AppServices, 'db' | 'urls'>;

const DEFAULT_TIMELINE_DAYS = 7;

/**
 * A browser-usable link to a sighting's snapshot: links are passed through; a storage key (what the
 * detection pipeline stores for frames it saved) is turned into an expiring signed link.
 */
function snapshotLink(deps: HistoryDeps, thumbnail: string | null): string | null {
  if (!thumbnail) return null;
  if (/^(https?:|data:|\/)/i.test(thumbnail)) return thumbnail;
  try {
    return deps.urls.sign(thumbnail);
  } catch {
    return null; // not a storage key we could serve
  }
}

/** How an entry reads in the timeline, and in history exports. */
export function describe(r: repo.HistoryRow): string {
  switch (r.type) {
    case 'sighting':
      return `Seen on ${r.camera_name ?? r.camera_id ?? 'a removed camera'}`;
    case 'manual':
      return `Manual attendance entry: ${r.status}${r.detail ? ` (${r.detail})` : ''}`;
    case 'alert':
      return r.detail ?? 'Alert';
  }
}

function toEntry(deps: HistoryDeps, employeeId: string, r: repo.HistoryRow): TPersonHistoryEntry {
  return {
    id: r.id,
    type: r.type,
    timestamp: r.at.toISOString(),
    employeeId,
    cameraId: r.camera_id,
    cameraName: r.camera_name,
    accuracy: r.accuracy,
    thumbnail: snapshotLink(deps, r.thumbnail),
    status: r.status,
    description: describe(r),
  };
}

async function registeredPerson(deps: HistoryDeps, employeeId: string): Promise<Person> {
  const person = await findPerson(deps.db, employeeId);
  if (!person) throw notFound('Person', employeeId);
  return person;
}

export async function personHistory(deps: HistoryDeps, q: TPersonHistoryRequest): Promise<Page<TPersonHistoryEntry>> {
  await registeredPerson(deps, q.employeeId);
  const { rows, total } = await repo.historyPage(deps.db, q, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { data: rows.map((r) => toEntry(deps, q.employeeId, r)), meta: pageMeta(q.page, q.pageSize, total) };
}

export async function personTimeline(deps: HistoryDeps, q: TPersonTimelineRequest, now = new Date()): Promise<TPersonTimeline> {
  const person = await registeredPerson(deps, q.employeeId);
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_TIMELINE_DAYS * 86_400_000);
  const rows = await repo.historyInOrder(deps.db, { ...q, from: from.toISOString(), to: to.toISOString() }, q.limit + 1);
  return {
    employeeId: person.employeeId,
    name: person.name,
    department: person.department,
    from: from.toISOString(),
    to: to.toISOString(),
    events: rows.slice(0, q.limit).map((r) => toEntry(deps, q.employeeId, r)),
    truncated: rows.length > q.limit,
  };
}
