/**
 * The REST API seen from inside, for the developer console: the live OpenAPI document and an in-process
 * dispatcher. A dispatched call is a synthetic request through a REST handler built like the server's
 * own (same body limits, envelope, idempotency and permission checks); it is authenticated as the calling
 * user by a single-use in-process token, so it can never do more than that user could over HTTP.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { AnyRouter } from '@trpc/server';
import { AppError, randomToken } from '@sentinel/platform';
import type { AppRouter } from '../root.ts';
import type { AuthState } from '../core/context.ts';
import { setRequestId } from '../core/context.ts';
import type { AppServices } from '../core/services.ts';
import { createRestHandler, REST_PREFIX, type RestHandler } from '../http/rest.ts';

export interface RestCall {
  method: string;
  /** path and query under /api/v1, e.g. /api/v1/cameras?page=1 */
  url: string;
  /** the JSON body, already serialized */
  body?: string;
  /** the user the call runs as; null runs it anonymously */
  userId: string | null;
  /** the caller's address, for the audit trail of the call */
  ip: string | null;
}

export interface RestReply {
  status: number;
  headers: Record<string, string>;
  /** the raw response text */
  text: string;
  requestId: string;
}

export interface RestApi {
  /** where this server listens (the proxy's `self` allowlist entry is `${baseUrl}/api/v1`) */
  baseUrl: string;
  /** the OpenAPI document served at /openapi.json */
  document: Record<string, unknown>;
  router: AnyRouter;
  dispatch(call: RestCall): Promise<RestReply>;
}

const TOKEN_PREFIX = 'devconsole.';
const DISPATCH_TIMEOUT_MS = 60_000;

/** The promise, or a 503 once `ms` pass. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('SERVICE_UNAVAILABLE', 'The invoked endpoint did not answer in time')), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function createRestApi(app: AppServices, router: AppRouter, opts: { baseUrl: string; document: Record<string, unknown> }): RestApi {
  const pending = new Map<string, string>();
  let handler: RestHandler | undefined;

  // The server's sessions, except that a pending in-process token stands for its user, resolved exactly
  // as a verified access token is (disabled or deleted users are refused).
  const authenticate = async (token: string): Promise<AuthState> => {
    const userId = pending.get(token);
    if (userId === undefined) return app.sessions.authenticate(token);
    const user = await app.sessions.currentUser(userId);
    return user ? { kind: 'user', user } : { kind: 'invalid', code: 'AUTH_UNAUTHORIZED' };
  };
  const sessions = new Proxy(app.sessions, {
    get(target, prop) {
      if (prop === 'authenticate') return authenticate;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });

  const dispatch = async (call: RestCall): Promise<RestReply> => {
    if (!call.url.startsWith(`${REST_PREFIX}/`)) throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { url: `must start with ${REST_PREFIX}/` } });
    // built on first use: the handler validates the whole router when created
    handler ??= createRestHandler(new Proxy(app, { get: (target, prop) => (prop === 'sessions' ? sessions : (Reflect.get(target, prop, target) as unknown)) }), router);
    let token: string | undefined;
    if (call.userId) {
      token = `${TOKEN_PREFIX}${randomToken(24)}`;
      pending.set(token, call.userId);
    }
    const requestId = randomUUID();
    try {
      const req = syntheticRequest(call, token);
      setRequestId(req, requestId);
      const { res, done } = capturingResponse(req);
      await handler(req, res, requestId);
      // the handler may finish writing after it returns (idempotency records are stored first)
      const { status, headers, text } = await within(done, DISPATCH_TIMEOUT_MS);
      return { status, headers: { ...headers, 'x-request-id': requestId }, text, requestId };
    } finally {
      if (token) pending.delete(token);
    }
  };

  return { baseUrl: opts.baseUrl, document: opts.document, router, dispatch };
}

function syntheticRequest(call: RestCall, token: string | undefined): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: call.ip ?? '127.0.0.1' });
  const req = new IncomingMessage(socket);
  req.method = call.method;
  req.url = call.url;
  req.headers = {
    host: 'localhost',
    accept: 'application/json',
    'user-agent': 'sentinel-developer-console',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(call.body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(call.body)) } : {}),
  };
  if (call.body !== undefined) req.push(Buffer.from(call.body));
  req.push(null);
  return req;
}

/** A ServerResponse that keeps what is written instead of sending it. */
function capturingResponse(req: IncomingMessage) {
  const res = new ServerResponse(req);
  const chunks: Buffer[] = [];
  const toBuffer = (chunk: unknown): Buffer | undefined =>
    typeof chunk === 'string' ? Buffer.from(chunk) : chunk instanceof Uint8Array ? Buffer.from(chunk) : undefined;
  let finish: (v: { status: number; headers: Record<string, string>; text: string }) => void = () => undefined;
  const done = new Promise<{ status: number; headers: Record<string, string>; text: string }>((resolve) => (finish = resolve));
  res.write = ((chunk: unknown) => {
    const b = toBuffer(chunk);
    if (b) chunks.push(b);
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown) => {
    const b = typeof chunk === 'function' ? undefined : toBuffer(chunk);
    if (b) chunks.push(b);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.getHeaders())) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    finish({ status: res.statusCode, headers, text: Buffer.concat(chunks).toString('utf8') });
    return res;
  }) as typeof res.end;
  return { res, done };
}
