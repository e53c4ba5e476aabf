/**
 * Signed upload URLs: `/files/upload/<fileId>?exp=<unix seconds>&sig=<hex>`. They reuse the download
 * signer (same secret, same HMAC) over a reserved key, `upload-grants/<fileId>`, under which nothing is
 * ever stored: the upload signature is bound to one file id and expiry, and the same signature used as a
 * download link (/files/content/upload-grants/...) finds no file.
 */
import { FILES_CONTENT_PATH, type UrlSigner, type UrlCheck } from '@sentinel/storage';

export const UPLOAD_PATH = '/files/upload/';
const GRANT_PREFIX = 'upload-grants/';

export function signUploadUrl(urls: UrlSigner, fileId: string, ttlSeconds: number, baseUrl: string | undefined): string {
  const signed = new URL(urls.sign(`${GRANT_PREFIX}${fileId}`, { ttlSeconds }), 'http://local');
  const base = (baseUrl ?? '').replace(/\/+$/, '');
  return `${base}${UPLOAD_PATH}${encodeURIComponent(fileId)}?exp=${signed.searchParams.get('exp') ?? ''}&sig=${signed.searchParams.get('sig') ?? ''}`;
}

export type UploadCheck = { ok: true; fileId: string } | { ok: false; reason: Extract<UrlCheck, { ok: false }>['reason'] };

/** Checks an upload request's path and query as received. */
export function verifyUploadUrl(urls: UrlSigner, pathAndQuery: string, now?: Date): UploadCheck {
  const url = new URL(pathAndQuery, 'http://local');
  if (!url.pathname.startsWith(UPLOAD_PATH)) return { ok: false, reason: 'invalid' };
  const id = url.pathname.slice(UPLOAD_PATH.length);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return { ok: false, reason: 'invalid' };
  const query = `exp=${encodeURIComponent(url.searchParams.get('exp') ?? '')}&sig=${encodeURIComponent(url.searchParams.get('sig') ?? '')}`;
  const check = urls.verify(`${FILES_CONTENT_PATH}${GRANT_PREFIX}${id}?${query}`, now);
  return check.ok ? { ok: true, fileId: id } : { ok: false, reason: check.reason };
}
