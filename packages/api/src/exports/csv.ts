/**
 * CSV writer: RFC 4180 (comma, CRLF, fields with a comma, quote or line break in double quotes, quotes
 * doubled), UTF-8 with a byte-order mark so spreadsheet programs read non-ASCII names right, one header
 * row. Text cells starting with = + - @ (or a tab / carriage return) get a leading apostrophe, so a
 * spreadsheet shows them instead of running them as formulas (CSV injection). Sources that can have the
 * database format their lines (sources/source.ts csvText, the same rules) hand over ready lines.
 * Lines go out in pieces of about 48 KB, each write awaited when the stream pushes back: memory holds
 * about one batch, and no piece is big enough for V8's large-object space, whose garbage only a full
 * collection frees (one string per batch let the heap grow by hundreds of MB during a large export).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Cell, RowSource } from './sources/source.ts';
import type { ExportWriter, WriteOptions } from './writer.ts';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
const BOM = '\uFEFF';

export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i ? ',' : '') + csvCell(cells[i] ?? null);
  return `${line}\r\n`;
}

const PIECE_CHARS = 48 * 1024;

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk, 'utf8')) await once(out, 'drain');
}

async function writeLines(out: Writable, lines: Iterable<string>): Promise<void> {
  let piece = '';
  for (const line of lines) {
    piece += line;
    if (piece.length >= PIECE_CHARS) {
      await write(out, piece);
      piece = '';
    }
  }
  if (piece) await write(out, piece);
}

function* formatted(batch: readonly (readonly Cell[])[]): Generator<string> {
  for (const cells of batch) yield csvLine(cells);
}

export const csvWriter: ExportWriter = {
  format: 'csv',
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  async write(source: RowSource, out: Writable, opts: WriteOptions) {
    await write(out, BOM + csvLine(source.columns.map((c) => c.header)));
    let rows = 0;
    if (source.csvChunks) {
      for await (const chunk of source.csvChunks(opts.batchSize)) {
        await writeLines(out, chunk.lines);
        rows += chunk.lines.length;
        await opts.onProgress(rows);
      }
    } else {
      for await (const batch of source.batches(opts.batchSize)) {
        await writeLines(out, formatted(batch));
        rows += batch.length;
        await opts.onProgress(rows);
      }
    }
    out.end();
    return { rows, truncated: false };
  },
};
