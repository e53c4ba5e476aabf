/**
 * The log tail: this process's recent JSON log lines (the logger's ring buffer), newest first. The logger
 * already redacts secrets; the audit redaction runs again over each line's fields as a second guard, and
 * stack traces are dropped (they belong in the log files, not in an API answer).
 */
import { recentLogLines } from '@sentinel/platform';
import { LOG_LEVELS, pageMeta, type LogLevel, type Page, type TListLogsRequest, type TLogEntry } from '@sentinel/contracts';
import { redact } from '../audit/trail.ts';

const LEVEL_OF: Record<number, LogLevel> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const OWN_FIELDS = new Set(['level', 'time', 'msg', 'requestId', 'pid', 'hostname', 'service']);

function withoutStacks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutStacks);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'stack').map(([k, v]) => [k, withoutStacks(v)]));
  }
  return value;
}

export function parseLogLine(line: string): TLogEntry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const fields = parsed as Record<string, unknown>;
  const level = LEVEL_OF[Number(fields.level)];
  if (!level) return undefined;
  const context: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (!OWN_FIELDS.has(k)) context[k] = v;
  const time = typeof fields.time === 'number' || typeof fields.time === 'string' ? new Date(fields.time) : new Date(NaN);
  return {
    time: Number.isNaN(time.getTime()) ? new Date(0).toISOString() : time.toISOString(),
    level,
    message: typeof fields.msg === 'string' ? fields.msg : '',
    requestId: typeof fields.requestId === 'string' ? fields.requestId : null,
    context: redact(withoutStacks(context)) as Record<string, unknown>,
  };
}

export function logTail(q: TListLogsRequest, lines: readonly string[] = recentLogLines): Page<TLogEntry> {
  const minLevel = q.level ? LOG_LEVELS.indexOf(q.level) : 0;
  const search = q.search?.toLowerCase();
  const entries: TLogEntry[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const entry = parseLogLine(lines[i]!);
    if (!entry || LOG_LEVELS.indexOf(entry.level) < minLevel) continue;
    if (q.requestId && entry.requestId !== q.requestId) continue;
    if (search && !entry.message.toLowerCase().includes(search)) continue;
    entries.push(entry);
  }
  const start = (q.page - 1) * q.pageSize;
  return { data: entries.slice(start, start + q.pageSize), meta: pageMeta(q.page, q.pageSize, entries.length) };
}
