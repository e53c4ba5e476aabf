/**
 * The raw HTTP proxy of the developer console: only to URL prefixes on DEVELOPER_PROXY_ALLOWLIST
 * (`self` = this server's /api/v1), with a time limit, a response size limit, redirects followed only
 * while they stay on the allowlist, and the reply redacted.
 */
import { AppError } from '@sentinel/platform';
import type { TDeveloperHttpReply, TProxyRequest } from '@sentinel/contracts';
import type { AppServices } from '../core/services.ts';
import { REST_PREFIX } from '../http/rest.ts';
import { DEVELOPER_PATH_PREFIX } from './catalogue.ts';
import { configuredSecrets, createRedactor, redactBody } from './redact.ts';
import { restApiOf } from './invoke.ts';

const MAX_REDIRECTS = 3;
// hop-by-hop and framing headers are the proxy's business, not the caller's
const DROPPED_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer', 'proxy-connection', 'expect']);

interface Prefix {
  origin: string;
  /** path without a trailing slash ('' for the whole origin) */
  path: string;
}

function toPrefix(url: URL): Prefix {
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, '') };
}

export function allowlist(app: AppServices): Prefix[] {
  const self = restApiOf(app).baseUrl;
  return app.config.DEVELOPER_PROXY_ALLOWLIST.map((entry) => toPrefix(new URL(entry === 'self' ? `${self}${REST_PREFIX}` : entry)));
}

const allowed = (url: URL, list: Prefix[]): boolean =>
  list.some((p) => url.origin === p.origin && (p.path === '' || url.pathname === p.path || url.pathname.startsWith(`${p.path}/`)));

/** Resolves the target (a bare path means this server) and refuses anything not on the allowlist. */
export function checkTarget(app: AppServices, target: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(target, base ?? restApiOf(app).baseUrl);
  } catch {
    throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { target: 'must be an absolute http(s) URL or a path on this server' } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { target: 'only http and https targets can be proxied' } });
  }
  if (url.username || url.password) {
    throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { target: 'credentials in the URL are not accepted; send an Authorization header instead' } });
  }
  const shown = `${url.origin}${url.pathname}`;
  if (!allowed(url, allowlist(app))) {
    throw new AppError('AUTH_FORBIDDEN', `'${shown}' is not on the developer proxy allowlist (DEVELOPER_PROXY_ALLOWLIST)`);
  }
  const self = new URL(`${restApiOf(app).baseUrl}${REST_PREFIX}`);
  if (url.origin === self.origin && url.pathname.startsWith(`${REST_PREFIX}${DEVELOPER_PATH_PREFIX}`)) {
    throw new AppError('AUTH_FORBIDDEN', 'The developer console cannot proxy to its own endpoints');
  }
  return url;
}

async function readLimited(res: Response, limit: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 'NaN');
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `The target's response exceeds ${limit} bytes`);
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function proxyRequest(app: AppServices, input: TProxyRequest): Promise<TDeveloperHttpReply> {
  let url = checkTarget(app, input.target);
  let method: string = input.method;
  const headers = new Headers();
  for (const [k, v] of Object.entries(input.headers ?? {})) {
    if (!DROPPED_HEADERS.has(k.toLowerCase())) headers.set(k, v);
  }
  let body: string | undefined;
  if (input.body !== undefined && method !== 'GET' && method !== 'HEAD') {
    body = typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const started = performance.now();
  const signal = AbortSignal.timeout(app.config.DEVELOPER_PROXY_TIMEOUT_MS);
  let res: Response;
  for (let hop = 0; ; hop++) {
    try {
      res = await fetch(url, { method, headers, redirect: 'manual', signal, ...(body !== undefined ? { body } : {}) });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new AppError('SERVICE_UNAVAILABLE', timedOut ? `The target did not answer within ${app.config.DEVELOPER_PROXY_TIMEOUT_MS} ms` : 'The target could not be reached', { cause: err });
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location || hop >= MAX_REDIRECTS) break;
    let next: URL;
    try {
      next = checkTarget(app, location, url);
    } catch {
      break; // off the allowlist: the redirect itself is the answer, not followed
    }
    await res.body?.cancel();
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers.delete('content-type');
    }
    if (next.origin !== url.origin) {
      headers.delete('authorization');
      headers.delete('cookie');
    }
    url = next;
  }
  const text = await readLimited(res, app.config.DEVELOPER_PROXY_MAX_BYTES);
  const redactor = createRedactor(configuredSecrets(app.config));
  const replyHeaders: Record<string, string> = {};
  res.headers.forEach((v, k) => (replyHeaders[k] = v));
  return {
    status: res.status,
    headers: redactor.headers(replyHeaders),
    body: redactBody(redactor, text, res.headers.get('content-type') ?? undefined),
    durationMs: Math.round(performance.now() - started),
  };
}
