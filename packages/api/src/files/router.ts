/**
 * /files: pre-signed uploads (POST /files -> PUT to the signed uploadUrl, see upload-route.ts), signed
 * downloads and deletion. Any signed-in user may upload; files are private to their uploader (Admins see all).
 */
import { z } from 'zod';
import { ZCreateFileUploadRequestSchema, ZFileUploadGrantSchema, ZIdParamSchema, ZStoredFileSchema } from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import * as files from './service.ts';

const TAG = ['Files'];

export const filesRouter = router({
  createUpload: authedProcedure
    .meta({
      openapi: {
        method: 'POST', path: '/files', tags: TAG, protect: true, summary: 'Get a signed, expiring URL to upload one file to (PUT the bytes with the declared Content-Type)',
        description: 'Images (JPEG, PNG, WebP, GIF) and PDF are checked by their first bytes, JSON must parse, CSV and text must be UTF-8. Size limit: FILE_UPLOAD_MAX_BYTES.',
      },
    })
    .input(ZCreateFileUploadRequestSchema)
    .output(ZFileUploadGrantSchema)
    .mutation(({ ctx, input }) => files.createUpload(ctx.app, ctx.user, actorOf(ctx), input)),

  get: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/files/{id}', tags: TAG, protect: true, summary: 'An uploaded file: metadata and a signed download link (404 until uploaded)' } })
    .input(ZIdParamSchema)
    .output(ZStoredFileSchema)
    .query(({ ctx, input }) => files.getFile(ctx.app, ctx.user, input.id)),

  delete: authedProcedure
    .meta({ openapi: { method: 'DELETE', path: '/files/{id}', tags: TAG, protect: true, summary: 'Delete a file and its bytes' }, successStatus: 204 })
    .input(ZIdParamSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => files.deleteFile(ctx.app, ctx.user, actorOf(ctx), input.id)),
});
