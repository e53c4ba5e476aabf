/**
 * GET /files/content/<key>?exp=&sig=: streams a stored file to whoever holds a valid signed link (no bearer
 * token: an <img> cannot send one). A bad or expired signature is 403, a missing file 404, both in the
 * error envelope. Responses are private to the browser and never outlive the link.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@sentinel/platform';
import { FILES_CONTENT_PATH } from '@sentinel/storage';
import type { AppServices } from '../core/services.ts';
import { sendError } from './envelope.ts';

export const FILES_CONTENT_PREFIX = FILES_CONTENT_PATH;

export function createDownloadHandler(app: Pick<AppServices, 'storage' | 'urls' | 'logger'>) {
  return async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      sendError(res, new AppError('METHOD_NOT_ALLOWED', 'Method not allowed', { headers: { Allow: 'GET, HEAD' } }), requestId);
      return;
    }
    const check = app.urls.verify(req.url ?? '/');
    if (!check.ok) {
      const message = check.reason === 'expired' ? 'This download link has expired' : 'This download link is not valid';
      sendError(res, new AppError('AUTH_FORBIDDEN', message), requestId);
      return;
    }
    const file = await app.storage.get(check.key);
    if (!file) {
      sendError(res, new AppError('NOT_FOUND', 'The file does not exist (any more)'), requestId);
      return;
    }
    const maxAge = Math.max(0, check.expiresAt - Math.floor(Date.now() / 1000));
    res.statusCode = 200;
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', file.size);
    res.setHeader('Cache-Control', `private, max-age=${maxAge}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (method === 'HEAD') {
      file.body.destroy();
      res.end();
      return;
    }
    try {
      await pipeline(file.body, res);
    } catch (err) {
      // the client went away, or storage failed mid-stream; the status line is already sent
      app.logger.warn({ err, requestId }, 'file download interrupted');
      res.destroy();
    }
  };
}
