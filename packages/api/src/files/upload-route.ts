/**
 * PUT /files/upload/<fileId>?exp=&sig=: receives the bytes of a file announced by POST /files. No bearer
 * token: the signed URL is the capability (as with S3 pre-signed uploads). Checked in order: method (405),
 * signature and expiry (403), a pending file (404 unknown or deleted, 409 already uploaded), Content-Type
 * equal to the declared one (415), size within the declared size and FILE_UPLOAD_MAX_BYTES (413, before
 * reading when Content-Length says so), then the content itself (422). Answers 200 {fileId, size,
 * contentType} in the REST envelope; every error in the error envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@sentinel/platform';
import { clientIp } from '../core/context.ts';
import { toAppError } from '../core/errors.ts';
import type { AppServices } from '../core/services.ts';
import { readBody } from '../http/body.ts';
import { sendError, sendJson, successBody } from '../http/envelope.ts';
import * as repo from './repository.ts';
import { storeUpload, uploadLimit } from './service.ts';
import { UPLOAD_PATH, verifyUploadUrl } from './signing.ts';

export const FILES_UPLOAD_PREFIX = UPLOAD_PATH;

const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();

export function createUploadHandler(app: Pick<AppServices, 'db' | 'storage' | 'urls' | 'config' | 'logger'>) {
  return async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    try {
      if (req.method !== 'PUT') throw new AppError('METHOD_NOT_ALLOWED', 'Method not allowed: PUT the file to this URL', { headers: { Allow: 'PUT' } });
      const check = verifyUploadUrl(app.urls, req.url ?? '/');
      if (!check.ok) throw new AppError('AUTH_FORBIDDEN', check.reason === 'expired' ? 'This upload link has expired' : 'This upload link is not valid');
      const file = await repo.findFile(app.db, check.fileId);
      if (!file) throw new AppError('NOT_FOUND', 'The file does not exist (any more)');
      if (file.status !== 'pending') throw new AppError('CONFLICT', 'This file was uploaded already');
      const sent = mediaType(req.headers['content-type']);
      if (sent !== file.contentType) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Type must be ${file.contentType}, as declared for this file`, { details: { 'Content-Type': sent || '(none)' } });
      }
      const limit = uploadLimit(app, file);
      let bytes: Buffer;
      try {
        bytes = await readBody(req, limit);
      } catch (err) {
        if (err instanceof AppError && err.code === 'PAYLOAD_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `The file may be at most ${limit} bytes`);
        throw err;
      }
      const result = await storeUpload(app, file, bytes, { ip: clientIp(req), requestId });
      sendJson(res, 200, successBody(result, undefined));
    } catch (err) {
      const error = toAppError(err);
      if (error.code === 'INTERNAL_ERROR') app.logger.error({ err, requestId }, 'upload failed');
      // the rest of a refused body is not read: close the connection instead of draining it
      if (!req.readableEnded) res.setHeader('Connection', 'close');
      sendError(res, error, requestId);
    }
  };
}
