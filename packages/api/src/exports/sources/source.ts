/**
 * What every export type provides to the writers: its columns, a row count for progress, and its rows in
 * the export's order as batches read by keyset (a WHERE on the last row's sort key, never OFFSET and never
 * everything at once), so memory stays constant whatever the row count. Values are plain cells; instants
 * are formatted by the database (ISO 8601 UTC, as the API shows them). Large sources also offer their rows
 * as CSV lines the database formats (csvText/csvPlain/csvLine).
 */
import { sql, type Database, type Kysely, type Transaction } from '@sentinel/db';

export type Db = Kysely<Database> | Transaction<Database>;

export type Cell = string | number | null;

export interface ExportColumn {
  header: string;
  /** relative width of the column in the PDF table; 0 = CSV only */
  width: number;
}

export interface RowSource {
  /** PDF title */
  title: string;
  /** PDF subtitle: the filters in words */
  subtitle: string;
  /** file name without extension (letters, digits, '-' only) */
  fileStem: string;
  columns: readonly ExportColumn[];
  count(): Promise<number>;
  batches(batchSize: number): AsyncIterable<Cell[][]>;
  /**
   * The same rows as CSV lines formatted by the database, each chunk one batch ending in CRLF. Large
   * sources offer it: one string per row instead of a value per cell keeps the writer's garbage (and so its
   * memory) small, and moves the formatting into the database's own process.
   */
  csvChunks?(batchSize: number): AsyncIterable<CsvChunk>;
}

export interface CsvChunk {
  /** one batch of CSV lines, each ending in CRLF */
  lines: string[];
}

/** An instant as ISO 8601 UTC with milliseconds, exactly as Date.toISOString() writes it. */
export function isoText(column: string) {
  return sql<string | null>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * Keyset batches with one batch read ahead: while the writer handles batch n, the database already
 * reads batch n+1. `fetch(undefined)` is the first batch; a short batch is the last.
 */
export async function* keysetBatches<R, C, T>(
  fetch: (cursor: C | undefined, limit: number) => Promise<R[]>,
  cursorOf: (last: R) => C,
  convert: (rows: R[]) => T,
  batchSize: number,
): AsyncGenerator<T> {
  let next = fetch(undefined, batchSize);
  for (;;) {
    const rows = await next;
    const last = rows[rows.length - 1];
    if (last === undefined) return;
    const more = rows.length === batchSize;
    if (more) {
      next = fetch(cursorOf(last), batchSize);
      next.catch(() => undefined); // awaited on the next turn; a writer that stops early must not leave it unhandled
    }
    yield convert(rows);
    if (!more) return;
  }
}

/** Rows carrying a database-formatted CSV line (CRLF included), as one chunk. */
export const csvChunk = (rows: readonly { line: string }[]): CsvChunk => ({ lines: rows.map((r) => r.line) });

/** a column reference (sql.ref) or any SQL expression */
type SqlValue = ReturnType<typeof sql<unknown>>;
type SqlText = ReturnType<typeof sql<string>>;

/**
 * A text value as one CSV field, computed by the database exactly as csv.ts `csvCell` writes it: null is
 * empty; a leading = + - @ tab or CR gets an apostrophe; a field with a quote, comma or line break is
 * quoted with its quotes doubled.
 */
export function csvText(value: SqlValue): SqlText {
  const guarded = sql<string>`(CASE WHEN left(${value}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || ${value} ELSE ${value} END)`;
  return sql<string>`(CASE WHEN ${value} IS NULL THEN '' WHEN ${guarded} ~ '[",\r\n]' THEN '"' || replace(${guarded}, '"', '""') || '"' ELSE ${guarded} END)`;
}

/** A value that never needs quoting or guarding (numbers, dates, ISO instants) as one CSV field. */
export function csvPlain(value: SqlValue): SqlText {
  return sql<string>`coalesce((${value})::text, '')`;
}

/** Fields joined into one CSV line, CRLF included. */
export function csvLine(fields: readonly SqlText[]): SqlText {
  return sql<string>`(${sql.join([...fields], sql` || ',' || `)} || chr(13) || chr(10))`;
}

/** "from X to Y", "since X", "until Y" or "" */
export function rangeText(from: string | undefined, to: string | undefined): string {
  if (from && to) return `from ${from} to ${to}`;
  if (from) return `since ${from}`;
  if (to) return `until ${to}`;
  return '';
}

export function describeFilters(parts: (string | false | undefined)[]): string {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.length > 0);
  return kept.length ? `Filters: ${kept.join('; ')}` : 'No filters: every record';
}
