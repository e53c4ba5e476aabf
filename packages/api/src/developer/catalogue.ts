/**
 * The endpoint catalogue: every REST operation of the live OpenAPI document with a sample payload built
 * from its request schema. The developer console's own endpoints are left out, so it cannot invoke itself.
 */
import type { TDeveloperEndpoint } from '@sentinel/contracts';
import { HTTP_METHODS } from '@sentinel/contracts';
import { indexProcedures } from '../http/procedures.ts';
import { REST_PREFIX } from '../http/rest.ts';
import type { RestApi } from './rest-api.ts';
import { sampleOf } from './samples.ts';

type Json = Record<string, unknown>;
type Method = (typeof HTTP_METHODS)[number];

export const DEVELOPER_PATH_PREFIX = '/developer/';

export interface CatalogueEntry extends TDeveloperEndpoint {
  /** the path under /api/v1, e.g. /cameras/{id} */
  restPath: string;
}

const cache = new WeakMap<RestApi, CatalogueEntry[]>();

const asJson = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

export function endpointCatalogue(api: RestApi): CatalogueEntry[] {
  const cached = cache.get(api);
  if (cached) return cached;
  const permissions = new Map<string, string>();
  for (const info of indexProcedures(api.router).values()) {
    const o = info.meta.openapi;
    if (o && info.meta.permission) permissions.set(`${o.method.toUpperCase()} ${o.path}`, info.meta.permission);
  }
  const doc = api.document;
  const entries: CatalogueEntry[] = [];
  for (const [path, item] of Object.entries(asJson(doc.paths))) {
    if (path.startsWith(DEVELOPER_PATH_PREFIX)) continue;
    for (const [lower, rawOp] of Object.entries(asJson(item))) {
      const method = lower.toUpperCase() as Method;
      if (!HTTP_METHODS.includes(method)) continue;
      const op = asJson(rawOp);
      const parameters = (Array.isArray(op.parameters) ? op.parameters : []).map(asJson);
      const pathParams = parameters.filter((p) => p.in === 'path').map((p) => String(p.name));
      const query = parameters.filter((p) => p.in === 'query');
      const bodySchema = asJson(asJson(asJson(asJson(op.requestBody).content)['application/json']).schema);
      const usesBody = method !== 'GET' && method !== 'DELETE';
      const samplePayload = usesBody
        ? (Object.keys(bodySchema).length ? sampleOf(bodySchema, doc) : null)
        : Object.fromEntries(
            query
              .filter((p) => p.required === true || asJson(p.schema).default !== undefined || asJson(p.schema).example !== undefined)
              .map((p) => [String(p.name), sampleOf(p.schema, doc)]),
          );
      entries.push({
        id: typeof op.operationId === 'string' ? op.operationId : `${lower}-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
        label: typeof op.summary === 'string' ? op.summary : `${method} ${path}`,
        description: typeof op.description === 'string' ? op.description : '',
        method,
        path: `${REST_PREFIX}${path}`,
        restPath: path,
        tags: Array.isArray(op.tags) ? op.tags.map(String) : [],
        permission: permissions.get(`${method} ${path}`) ?? null,
        authenticated: Array.isArray(op.security) && op.security.length > 0,
        pathParams,
        samplePathParams: pathParams.length
          ? Object.fromEntries(pathParams.map((name) => [name, sampleOf(parameters.find((p) => p.in === 'path' && p.name === name)?.schema, doc)]))
          : null,
        samplePayload,
      });
    }
  }
  cache.set(api, entries);
  return entries;
}

/** The public shape of an entry (without the internal REST path). */
export function publicEntry({ restPath: _restPath, ...entry }: CatalogueEntry): TDeveloperEndpoint {
  return entry;
}
