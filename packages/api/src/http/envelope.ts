/** The REST envelope, written in one place for every success and every error. */
import type { ServerResponse } from 'node:http';
import type { AppError } from '@sentinel/platform';

export function errorBody(err: AppError, requestId: string) {
  return {
    success: false as const,
    error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) },
    requestId,
  };
}

export function successBody(output: unknown, envelope: 'page' | undefined) {
  if (envelope === 'page' && output && typeof output === 'object') return { success: true as const, ...(output) };
  return { success: true as const, data: output ?? null };
}

/** successBody for an output that is already JSON text: `{data, meta}` pages are lifted, anything else is `data`. */
export function wrapSuccess(outputJson: string | undefined, envelope: 'page' | undefined): string {
  const json = outputJson ?? 'null';
  if (envelope === 'page' && json.startsWith('{')) return json === '{}' ? '{"success":true}' : `{"success":true,${json.slice(1)}`;
  return `{"success":true,"data":${json}}`;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(text);
}

export function sendError(res: ServerResponse, err: AppError, requestId: string): void {
  sendJson(res, err.status, errorBody(err, requestId), err.headers ?? {});
}
