/** The contract between the export job and its file formats (csv.ts, pdf.ts). */
import type { Writable } from 'node:stream';
import type { ExportFormat } from '@sentinel/contracts';
import type { RowSource } from './sources/source.ts';

export interface WriteOptions {
  batchSize: number;
  /** rows matching the filters (counted before writing) */
  totalRows: number;
  /** the most rows this format writes (PDF: EXPORT_MAX_PDF_ROWS) */
  maxRows: number;
  /** after each batch; throws to abort the export (e.g. the job was deleted) */
  onProgress(rowsWritten: number): Promise<void>;
}

export interface ExportWriter {
  format: ExportFormat;
  contentType: string;
  extension: string;
  /** writes the whole file to `out` and ends it */
  write(source: RowSource, out: Writable, opts: WriteOptions): Promise<{ rows: number; truncated: boolean }>;
}
