/**
 * REST under /api/v1: trpc-to-openapi serves the same procedures the tRPC client calls. This wrapper
 * is the one place that reads bodies (size limit, malformed JSON), honours Idempotency-Key, and writes
 * the envelope, success status and error mapping for every route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import { AppError } from '@sentinel/platform';
import type { AppRouter } from '../root.ts';
import { createContext } from '../core/context.ts';
import { toAppError } from '../core/errors.ts';
import type { AppServices } from '../core/services.ts';
import { parseJsonBody, readBody } from './body.ts';
import { isMultipart, parseMultipart } from './multipart.ts';
import { errorBody, sendError, wrapSuccess } from './envelope.ts';
import { beginIdempotent, type IdempotencyOutcome } from './idempotency.ts';
import { indexProcedures } from './procedures.ts';

export const REST_PREFIX = '/api/v1';

interface Exchange {
  procedurePath?: string;
  output?: unknown;
  error?: unknown;
}

type BodyRequest = IncomingMessage & { body?: unknown };

export interface RestHandler {
  (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void>;
  /** the route template that served a request, for metrics */
  routeOf(req: IncomingMessage): string;
}

export function createRestHandler(app: AppServices, router: AppRouter): RestHandler {
  const procedures = indexProcedures(router);
  const exchanges = new WeakMap<IncomingMessage, Exchange>();
  const requestOfContext = new WeakMap<object, IncomingMessage>();

  const openapi = createOpenApiNodeHttpHandler({
    router,
    maxBodySize: app.config.BODY_LIMIT_BYTES,
    createContext: async ({ req }) => {
      const ctx = await createContext(app, req);
      requestOfContext.set(ctx, req);
      return ctx;
    },
    responseMeta: ({ ctx, paths, data, errors }) => {
      const req = ctx ? requestOfContext.get(ctx) : undefined;
      const exchange = req ? exchanges.get(req) : undefined;
      if (exchange) {
        exchange.procedurePath = paths?.[0];
        if (errors.length === 0) exchange.output = data[0];
      }
      return {};
    },
    onError: ({ error, req }) => {
      const exchange = exchanges.get(req);
      if (exchange) exchange.error = error;
    },
  });

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const exchange: Exchange = {};
    exchanges.set(req, exchange);
    req.url = req.url!.slice(REST_PREFIX.length) || '/';
    const method = req.method ?? 'GET';
    let idempotency: IdempotencyOutcome | undefined;
    try {
      if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE' && isMultipart(req.headers['content-type'])) {
        (req as BodyRequest).body = await parseMultipart(req, {
          maxFileBytes: app.config.UPLOAD_MAX_FILE_BYTES,
          maxFiles: app.config.UPLOAD_MAX_FILES,
          maxTotalBytes: app.config.UPLOAD_MAX_FILE_BYTES * app.config.UPLOAD_MAX_FILES,
        });
        req.headers['content-type'] = 'application/json';
      } else if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE') {
        const raw = await readBody(req, app.config.BODY_LIMIT_BYTES);
        (req as BodyRequest).body = parseJsonBody(raw, req.headers['content-type']);
        req.headers['content-type'] = 'application/json';
        const key = req.headers['idempotency-key'];
        if (method === 'POST' && typeof key === 'string' && key.length > 0) {
          idempotency = await beginIdempotent(app.db, await callerScope(app, req), key, `${method} ${req.url} ${raw.toString('utf8')}`);
          if (idempotency.kind === 'replay') {
            res.statusCode = idempotency.status;
            for (const [k, v] of Object.entries(idempotency.headers)) res.setHeader(k, v);
            res.setHeader('Idempotent-Replayed', 'true');
            res.end(idempotency.body || undefined);
            return;
          }
        }
      } else if (method === 'DELETE') {
        // DELETE carries its input in the path; drain anything sent so the socket stays usable.
        await readBody(req, app.config.BODY_LIMIT_BYTES);
      }
    } catch (err) {
      sendError(res, toAppError(err), requestId);
      return;
    }

    const pending = idempotency?.kind === 'proceed' ? idempotency : undefined;
    const end = res.end.bind(res) as (chunk?: string) => ServerResponse;
    res.end = ((chunk?: unknown) => {
      const { status, text, headers } = render(exchange, requestId, typeof chunk === 'string' ? chunk : undefined);
      res.statusCode = status;
      res.removeHeader('Content-Type');
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      if (text !== undefined) res.setHeader('Content-Length', Buffer.byteLength(text));
      if (status === 500) app.logger.error({ requestId, err: toAppError(exchange.error).cause }, 'request failed');
      if (!pending) return end(text);
      const stored = status < 500 ? pending.complete(status, text ?? '', headers) : pending.abandon();
      void stored.catch((err: unknown) => app.logger.error({ requestId, err }, 'idempotency record failed')).finally(() => end(text));
      return res;
    }) as typeof res.end;
    await openapi(req, res);
  };

  /** `outputJson`: the output as trpc-to-openapi already serialised it, wrapped here without a second encoding. */
  function render(exchange: Exchange, requestId: string, outputJson: string | undefined): { status: number; text: string | undefined; headers: Record<string, string> } {
    if (exchange.error !== undefined || !exchange.procedurePath) {
      const err = exchange.error !== undefined ? toAppError(exchange.error) : new AppError('NOT_FOUND', 'Not found');
      return { status: err.status, text: JSON.stringify(errorBody(err, requestId)), headers: { ...(err.headers ?? {}), 'Content-Type': 'application/json; charset=utf-8' } };
    }
    const meta = procedures.get(exchange.procedurePath)?.meta ?? {};
    const status = meta.successStatus ?? 200;
    if (status === 204) return { status, text: undefined, headers: {} };
    return { status, text: wrapSuccess(outputJson, meta.envelope), headers: { 'Content-Type': 'application/json; charset=utf-8' } };
  }

  const routeOf = (req: IncomingMessage): string => {
    const path = exchanges.get(req)?.procedurePath;
    const template = path ? procedures.get(path)?.meta.openapi?.path : undefined;
    return template ? `${REST_PREFIX}${template}` : `${REST_PREFIX}/*`;
  };

  return Object.assign(handle, { routeOf });
}

async function callerScope(app: AppServices, req: IncomingMessage): Promise<string> {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (m?.[1]) {
    const auth = await app.sessions.authenticate(m[1]);
    if (auth.kind === 'user') return `user:${auth.user.id}`;
  }
  return `anonymous:${req.socket.remoteAddress ?? ''}`;
}
