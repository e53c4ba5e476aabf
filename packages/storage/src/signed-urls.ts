/**
 * Expiring download links for files the app serves itself: `/files/content/<key>?exp=<unix seconds>&sig=<hex>`,
 * where sig = HMAC-SHA256(key, "<key>\n<exp>"). The link is the capability (an <img> cannot send a bearer
 * token), so it is short-lived and bound to one key. The signing key is derived from a configured secret
 * with its own label, so it never equals a key used for anything else.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isValidKey } from './storage.ts';

export const FILES_CONTENT_PATH = '/files/content/';

export type UrlCheck = { ok: true; key: string; expiresAt: number } | { ok: false; reason: 'invalid' | 'expired' };

export interface UrlSigner {
  /** a signed link to the key; relative unless a public base URL is configured */
  sign(key: string, opts?: { ttlSeconds?: number; now?: Date }): string;
  /** checks a request path + query as received (`/files/content/...?exp=..&sig=..`) */
  verify(pathAndQuery: string, now?: Date): UrlCheck;
  /**
   * Query parameters (`exp`, `sig`) granting access to a scope other than a stored file, e.g. one camera's
   * live media. Scope signatures are domain-separated from file links: one never passes for the other.
   */
  grant(scope: string, opts?: { ttlSeconds?: number; now?: Date }): { exp: number; sig: string };
  checkGrant(scope: string, exp: string | null, sig: string | null, now?: Date): { ok: true; expiresAt: number } | { ok: false; reason: 'invalid' | 'expired' };
  readonly ttlSeconds: number;
}

export interface UrlSignerOptions {
  secret: string;
  ttlSeconds: number;
  /** e.g. PUBLIC_URL; links are relative to the server when absent */
  baseUrl?: string | undefined;
}

const SIG = /^[0-9a-f]{64}$/;
const EXP = /^\d{1,12}$/;

export function createUrlSigner(opts: UrlSignerOptions): UrlSigner {
  const hmacKey = createHmac('sha256', 'sentinel:signed-file-urls:v1').update(opts.secret).digest();
  const base = (opts.baseUrl ?? '').replace(/\/+$/, '');
  const signature = (key: string, exp: number) => createHmac('sha256', hmacKey).update(`${key}\n${exp}`).digest();
  // a storage key never contains a NUL byte, so a scope grant can never equal a file signature
  const scopeSignature = (scope: string, exp: number) => createHmac('sha256', hmacKey).update(`\0scope\0${scope}\n${exp}`).digest();

  return {
    ttlSeconds: opts.ttlSeconds,

    sign(key, { ttlSeconds = opts.ttlSeconds, now = new Date() } = {}) {
      if (!isValidKey(key)) throw new Error('cannot sign an invalid storage key');
      const exp = Math.floor(now.getTime() / 1000) + ttlSeconds;
      const path = key.split('/').map(encodeURIComponent).join('/');
      return `${base}${FILES_CONTENT_PATH}${path}?exp=${exp}&sig=${signature(key, exp).toString('hex')}`;
    },

    verify(pathAndQuery, now = new Date()) {
      const url = new URL(pathAndQuery, 'http://local');
      if (!url.pathname.startsWith(FILES_CONTENT_PATH)) return { ok: false, reason: 'invalid' };
      let key: string;
      try {
        key = decodeURIComponent(url.pathname.slice(FILES_CONTENT_PATH.length));
      } catch {
        return { ok: false, reason: 'invalid' };
      }
      const exp = url.searchParams.get('exp') ?? '';
      const sig = url.searchParams.get('sig') ?? '';
      if (!isValidKey(key) || !EXP.test(exp) || !SIG.test(sig)) return { ok: false, reason: 'invalid' };
      const expiresAt = Number(exp);
      if (!timingSafeEqual(signature(key, expiresAt), Buffer.from(sig, 'hex'))) return { ok: false, reason: 'invalid' };
      if (expiresAt <= Math.floor(now.getTime() / 1000)) return { ok: false, reason: 'expired' };
      return { ok: true, key, expiresAt };
    },

    grant(scope, { ttlSeconds = opts.ttlSeconds, now = new Date() } = {}) {
      const exp = Math.floor(now.getTime() / 1000) + ttlSeconds;
      return { exp, sig: scopeSignature(scope, exp).toString('hex') };
    },

    checkGrant(scope, exp, sig, now = new Date()) {
      if (!exp || !sig || !EXP.test(exp) || !SIG.test(sig)) return { ok: false, reason: 'invalid' };
      const expiresAt = Number(exp);
      if (!timingSafeEqual(scopeSignature(scope, expiresAt), Buffer.from(sig, 'hex'))) return { ok: false, reason: 'invalid' };
      if (expiresAt <= Math.floor(now.getTime() / 1000)) return { ok: false, reason: 'expired' };
      return { ok: true, expiresAt };
    },
  };
}
