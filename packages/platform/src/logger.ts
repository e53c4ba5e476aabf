/** Structured JSON logging (pino). Request handlers log through a child carrying the request id. */
import { pino, type Logger } from 'pino';
import { maskUrlCredentials } from './secrets.ts';

export type { Logger };

/** Keys whose values never reach a log line. */
const REDACT = [
  'password', 'newPassword', 'oldPassword', 'accessToken', 'refreshToken', 'token', 'apiKey',
  'authorization', 'streamUrl', '*.password', '*.apiKey', '*.token', '*.refreshToken', '*.accessToken',
  'req.headers.authorization', 'req.headers.cookie',
];

/** A ring buffer of recent log lines, for the system log tail. */
export const recentLogLines: string[] = [];
const RECENT_MAX = 500;

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const out = destination ?? process.stdout;
  const stream = {
    write(line: string) {
      recentLogLines.push(line.trimEnd());
      if (recentLogLines.length > RECENT_MAX) recentLogLines.shift();
      out.write(line);
    },
  };
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      base: { service: 'sentinel' },
      // credentials inside any URL-looking string value are masked too, wherever the field sits
      formatters: { log: (obj) => maskUrls(obj) as Record<string, unknown> },
    },
    stream,
  );
}

function maskUrls(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.includes('://') ? maskUrlCredentials(value) : value;
  if (depth > 4 || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => maskUrls(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskUrls(v, depth + 1);
  return out;
}
