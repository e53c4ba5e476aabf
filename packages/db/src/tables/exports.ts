/** Tables of the exports and files domains (see db/migrations/20261125000600-ExportsFiles.ts). */
import type { ColumnType, Generated } from 'kysely';

type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Count = ColumnType<number, number | undefined, number>;
type NullableCount = ColumnType<number | null, number | null | undefined, number | null>;

export interface ExportJobsTable {
  /** EXP-… */
  id: string;
  owner_id: string | null;
  owner_name: string;
  /** attendance | audit | history */
  type: string;
  /** csv | pdf */
  format: string;
  /** the validated filter fields of the type's list endpoint */
  filters: ColumnType<Record<string, unknown>, string, string>;
  /** queued | processing | completed | failed */
  status: Generated<string>;
  progress: Generated<number>;
  /** rows matching the filters, counted when processing starts */
  total_rows: NullableCount;
  rows_written: Count;
  /** a PDF stopped at EXPORT_MAX_PDF_ROWS */
  truncated: Generated<boolean>;
  /** processing attempts started (pg-boss retries the job on failure) */
  attempts: Count;
  storage_key: string | null;
  content_type: string | null;
  byte_size: NullableCount;
  error: string | null;
  dedupe_key: string | null;
  created_at: Generated<Date>;
  started_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  /** when the retention cleanup removes the artifact and the row */
  expires_at: NullableTimestamp;
  updated_at: Generated<Date>;
}

export interface FilesTable {
  /** FILE-… */
  id: string;
  owner_id: string | null;
  filename: string;
  content_type: string;
  declared_size: NullableCount;
  size: NullableCount;
  sha256: string | null;
  storage_key: string;
  /** pending (upload URL issued) | uploaded */
  status: Generated<string>;
  created_at: Generated<Date>;
  uploaded_at: NullableTimestamp;
}

export interface ExportTables {
  export_jobs: ExportJobsTable;
  files: FilesTable;
}
