/**
 * Person history export rows: the sightings, manual entries and alerts GET /history/person/{employeeId}
 * lists for the same filters, oldest first like the timeline (history/repository.ts `historyInOrder`).
 * That query pages by a `from` instant, so the cursor is the last row's millisecond plus the ids already
 * written within it: rows sharing a millisecond are neither repeated nor skipped.
 */
import type { Person } from '../../attendance/repository.ts';
import { historyInOrder, historyPage, type HistoryFilter, type HistoryRow } from '../../history/repository.ts';
import { describe } from '../../history/service.ts';
import { describeFilters, rangeText, type Cell, type Db, type ExportColumn, type RowSource } from './source.ts';

export const HISTORY_COLUMNS: readonly ExportColumn[] = [
  { header: 'Timestamp (UTC)', width: 13 },
  { header: 'Type', width: 6 },
  { header: 'Employee ID', width: 8 },
  { header: 'Camera ID', width: 0 },
  { header: 'Camera', width: 11 },
  { header: 'Accuracy', width: 6 },
  { header: 'Status', width: 6 },
  { header: 'Description', width: 30 },
  { header: 'ID', width: 0 },
];

const cells = (employeeId: string, r: HistoryRow): Cell[] => [
  r.at.toISOString(), r.type, employeeId, r.camera_id, r.camera_name, r.accuracy, r.status, describe(r), r.id,
];

async function* batches(db: Db, f: HistoryFilter, size: number): AsyncGenerator<Cell[][]> {
  let from = f.from;
  let boundaryMs = Number.NaN;
  let seen = new Set<string>();
  let limit = size;
  for (;;) {
    const rows = await historyInOrder(db, { ...f, from }, limit);
    const fresh = rows.filter((r) => !(r.at.getTime() === boundaryMs && seen.has(r.id)));
    const exhausted = rows.length < limit;
    const last = fresh[fresh.length - 1];
    if (last === undefined) {
      if (exhausted) return;
      limit *= 2; // a whole batch inside one millisecond already written: read further
      continue;
    }
    yield fresh.map((r) => cells(f.employeeId, r));
    if (exhausted) return;
    const lastMs = last.at.getTime();
    if (lastMs !== boundaryMs) {
      boundaryMs = lastMs;
      seen = new Set();
    }
    for (const r of fresh) if (r.at.getTime() === lastMs) seen.add(r.id);
    from = new Date(lastMs).toISOString();
    limit = size;
  }
}

export function historySource(db: Db, f: HistoryFilter, person: Person): RowSource {
  return {
    title: `Person history: ${person.name} (${person.employeeId})`,
    subtitle: describeFilters([rangeText(f.from, f.to), f.cameraId && `camera ${f.cameraId}`, f.type && `type ${f.type}`]),
    fileStem: 'history',
    columns: HISTORY_COLUMNS,
    count: async () => (await historyPage(db, f, { limit: 1, offset: 0 })).total,
    batches: (size) => batches(db, f, size),
  };
}
