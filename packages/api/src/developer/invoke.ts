/**
 * Invokes one catalogue endpoint in-process as the calling user and returns what a client would have
 * received, secrets redacted. The call passes the same envelope and permission checks as over HTTP.
 */
import { AppError, invalid } from '@sentinel/platform';
import type { TDeveloperHttpReply, TInvokeEndpointRequest } from '@sentinel/contracts';
import type { AppServices } from '../core/services.ts';
import { endpointCatalogue, type CatalogueEntry } from './catalogue.ts';
import { configuredSecrets, createRedactor, redactBody } from './redact.ts';
import type { RestApi } from './rest-api.ts';

export interface InvokeOptions extends TInvokeEndpointRequest {
  /** who the call runs as: their own permissions apply */
  caller: { id: string } | null;
  ip: string | null;
}

export function restApiOf(app: AppServices): RestApi {
  if (!app.restApi) throw new AppError('SERVICE_UNAVAILABLE', 'The REST API is not served by this process');
  return app.restApi;
}

export function findEndpoint(api: RestApi, id: string): CatalogueEntry {
  const entry = endpointCatalogue(api).find((e) => e.id === id);
  if (!entry) throw new AppError('NOT_FOUND', `Endpoint '${id}' is not in the catalogue (the developer console cannot invoke itself)`);
  return entry;
}

function fillPath(entry: CatalogueEntry, params: TInvokeEndpointRequest['pathParams'] = {}): string {
  const missing = entry.pathParams.filter((name) => params[name] === undefined || String(params[name]) === '');
  if (missing.length) {
    throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: Object.fromEntries(missing.map((name) => [`pathParams.${name}`, 'required'])) });
  }
  return entry.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(params[name])));
}

function queryString(values: Record<string, unknown>): string {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === undefined || v === null) continue;
      if (typeof v === 'object') throw invalid(`query.${key}`, 'must be a string, number or boolean (or a list of them)');
      qs.append(key, String(v as string | number | boolean));
    }
  }
  const text = qs.toString();
  return text ? `?${text}` : '';
}

export async function invokeEndpoint(app: AppServices, opts: InvokeOptions): Promise<TDeveloperHttpReply> {
  const api = restApiOf(app);
  const entry = findEndpoint(api, opts.id);
  const usesBody = entry.method !== 'GET' && entry.method !== 'DELETE';
  const query = { ...(usesBody ? {} : (opts.payload ?? {})), ...(opts.query ?? {}) };
  const url = `${fillPath(entry, opts.pathParams)}${queryString(query)}`;
  const started = performance.now();
  const reply = await api.dispatch({
    method: entry.method,
    url,
    ...(usesBody && opts.payload !== undefined ? { body: JSON.stringify(opts.payload) } : {}),
    userId: opts.caller?.id ?? null,
    ip: opts.ip,
  });
  const redactor = createRedactor(configuredSecrets(app.config));
  return {
    status: reply.status,
    headers: redactor.headers(reply.headers),
    body: redactBody(redactor, reply.text, reply.headers['content-type']),
    durationMs: Math.round(performance.now() - started),
  };
}
