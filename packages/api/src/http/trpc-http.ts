/** The tRPC endpoint (/api/trpc) for the typed client: batching, superjson, subscriptions over SSE. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import type { AppRouter } from '../root.ts';
import { createContext } from '../core/context.ts';
import { toAppError } from '../core/errors.ts';
import type { AppServices } from '../core/services.ts';

export const TRPC_PREFIX = '/api/trpc';

export function createTrpcHandler(app: AppServices, router: AppRouter) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.slice(TRPC_PREFIX.length + 1);
    await nodeHTTPRequestHandler({
      router,
      req,
      res,
      path,
      // typed clients send uploads as base64 JSON
      maxBodySize: Math.ceil((app.config.UPLOAD_MAX_FILE_BYTES * app.config.UPLOAD_MAX_FILES * 4) / 3) + app.config.BODY_LIMIT_BYTES,
      createContext: ({ req: r, info }) => {
        const token = info.connectionParams?.token;
        return createContext(app, r, typeof token === 'string' ? token : undefined);
      },
      onError: ({ error, path: p }) => {
        const appError = toAppError(error);
        if (appError.code === 'INTERNAL_ERROR') app.logger.error({ err: appError.cause ?? error, path: p }, 'tRPC call failed');
      },
    });
  };
}
