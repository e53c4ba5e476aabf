/**
 * Redaction for everything the developer console shows: secret-named headers and JSON fields, bearer
 * tokens and JWTs in text, credentials in URLs, and any literal occurrence of a configured secret.
 */
import { maskUrlCredentials, type AppConfig } from '@sentinel/platform';

export const REDACTED = '[redacted]';

const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|pass(word)?|api[-_]?key|credential|session|signature/i;
const SECRET_FIELD = /pass(word)?|secret|token|api[-_]?key|credential|sealed|cookie|authorization|private[-_]?key|signature/i;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

export interface Redactor {
  /** a JSON value: secret-named fields replaced, strings cleaned */
  value(v: unknown): unknown;
  /** a JSON value whose field names are trusted: only its strings are cleaned */
  strings(v: unknown): unknown;
  headers(h: Record<string, string>): Record<string, string>;
  text(s: string): string;
}

/** The configured secrets' literal values (8+ characters), scrubbed wherever they appear. */
export function configuredSecrets(config: AppConfig): string[] {
  const out = [config.JWT_SECRET, config.ENCRYPTION_KEY, config.ADMIN_PASSWORD, config.S3_SECRET_KEY, config.S3_ACCESS_KEY, config.FILE_URL_SECRET];
  for (const url of [config.DATABASE_URL, config.TEST_DATABASE_URL, config.S3_ENDPOINT]) {
    if (!url) continue;
    try {
      const u = new URL(url);
      out.push(decodeURIComponent(u.password));
    } catch {
      // not a URL: nothing to take from it
    }
  }
  return out.filter((s): s is string => typeof s === 'string' && s.length >= 8);
}

export function createRedactor(secrets: readonly string[]): Redactor {
  const literal = [...secrets].sort((a, b) => b.length - a.length);
  const text = (s: string): string => {
    let out = s.replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`).replace(JWT, REDACTED).replace(URL_IN_TEXT, (u) => maskUrlCredentials(u));
    for (const secret of literal) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
  const value = (v: unknown, depth = 0): unknown => {
    if (typeof v === 'string') return text(v);
    if (depth > 64 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((item) => value(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      // hasCredentials-style flags say whether a secret exists, not what it is
      const secret = SECRET_FIELD.test(k) && !/^has[A-Z]/.test(k) && typeof item !== 'boolean';
      out[text(k)] = secret && item !== null && item !== undefined ? REDACTED : value(item, depth + 1);
    }
    return out;
  };
  const strings = (v: unknown, depth = 0): unknown => {
    if (typeof v === 'string') return text(v);
    if (depth > 64 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((item) => strings(item, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, strings(item, depth + 1)]));
  };
  const headers = (h: Record<string, string>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = SECRET_HEADER.test(k) ? REDACTED : text(v);
    return out;
  };
  return { value: (v) => value(v), strings: (v) => strings(v), headers, text };
}

/** Parses a response text as JSON when it is JSON, then redacts it. */
export function redactBody(redactor: Redactor, text: string, contentType: string | undefined): unknown {
  if (text === '') return null;
  if (contentType && /json/i.test(contentType)) {
    try {
      return redactor.value(JSON.parse(text) as unknown);
    } catch {
      // fall through: shown as text
    }
  }
  return redactor.text(text);
}
