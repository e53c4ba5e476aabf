/** Reads and parses a JSON request body with a size limit, turning every failure into a clear 4xx. */
import type { IncomingMessage } from 'node:http';
import { AppError } from '@sentinel/platform';

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 'NaN');
  if (Number.isFinite(declared) && declared > limit) throw new AppError('PAYLOAD_TOO_LARGE', `Request body exceeds ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new AppError('PAYLOAD_TOO_LARGE', `Request body exceeds ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function isJsonType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

/** Parses a JSON body; an empty body is `{}`. Anything that is not a JSON object or array is refused. */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return {};
  if (contentType !== undefined && !isJsonType(contentType)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('BAD_REQUEST', 'Malformed request body: expected valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object') {
    throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { _: 'the body must be a JSON object' } });
  }
  return parsed;
}
