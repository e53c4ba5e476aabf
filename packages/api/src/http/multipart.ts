/**
 * multipart/form-data for REST uploads. A procedure takes files as `{filename, contentType, data}` with
 * base64 `data` (what the typed client sends as JSON); this turns a multipart body into that same input,
 * so an upload endpoint is still defined once. Text fields stay strings; file fields become arrays
 * (a trailing "[]" in the field name is dropped).
 */
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { AppError } from '@sentinel/platform';

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxTotalBytes: number;
}

export function isMultipart(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith('multipart/form-data');
}

export function parseMultipart(req: IncomingMessage, limits: UploadLimits): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 100, fieldSize: 64 * 1024 } });
    } catch {
      reject(new AppError('BAD_REQUEST', 'Malformed multipart body'));
      return;
    }
    const out: Record<string, unknown> = {};
    const pending: Promise<void>[] = [];
    let total = 0;
    let failed: AppError | undefined;
    const fail = (err: AppError) => {
      failed ??= err;
    };
    parser.on('field', (name, value) => {
      out[name.replace(/\[\]$/, '')] = value;
    });
    parser.on('file', (name, stream, info) => {
      const key = name.replace(/\[\]$/, '');
      const chunks: Buffer[] = [];
      pending.push(
        new Promise<void>((done) => {
          stream.on('data', (c: Buffer) => {
            total += c.length;
            if (total > limits.maxTotalBytes) fail(new AppError('PAYLOAD_TOO_LARGE', `Upload exceeds ${limits.maxTotalBytes} bytes`));
            else chunks.push(c);
          });
          stream.on('limit', () => fail(new AppError('PAYLOAD_TOO_LARGE', `A file exceeds ${limits.maxFileBytes} bytes`, { details: { [key]: info.filename } })));
          stream.on('close', () => {
            const list = (Array.isArray(out[key]) ? out[key] : []) as unknown[];
            list.push({ filename: info.filename, contentType: info.mimeType, data: Buffer.concat(chunks).toString('base64') });
            out[key] = list;
            done();
          });
        }),
      );
    });
    parser.on('filesLimit', () => fail(new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { files: `at most ${limits.maxFiles} files per request` } })));
    parser.on('error', () => fail(new AppError('BAD_REQUEST', 'Malformed multipart body')));
    parser.on('close', () => {
      void Promise.all(pending).then(() => (failed ? reject(failed) : resolve(out)));
    });
    req.pipe(parser);
  });
}
