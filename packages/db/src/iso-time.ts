/**
 * Timestamps formatted by the database as the API writes them: ISO 8601 in UTC with milliseconds
 * ('2026-11-25T15:20:10.123Z', what Date#toISOString gives). Hot read paths select these instead of
 * timestamptz, so the driver neither parses a Date per value nor the service formats it back.
 * Milliseconds are truncated, as the driver's Date parsing truncates them, so both paths agree.
 */
import { sql, type RawBuilder } from 'kysely';

const ISO_UTC = 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"';

/** `column` (timestamptz, may be null) as ISO 8601 UTC text. */
export function isoUtc(column: string): RawBuilder<string | null> {
  return sql<string | null>`to_char(${sql.ref(column)} at time zone 'UTC', ${sql.lit(ISO_UTC)})`;
}

/** `column` (timestamptz, not null) as ISO 8601 UTC text. */
export function isoUtcNotNull(column: string): RawBuilder<string> {
  return isoUtc(column) as RawBuilder<string>;
}
