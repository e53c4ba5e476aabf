/**
 * Example values from JSON Schema (as found in the OpenAPI document): declared examples and defaults
 * first, then the first enum value or const, then a value that fits the type, format and bounds.
 */
type Schema = Record<string, unknown>;

const MAX_DEPTH = 6;

const isSchema = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);

function resolveRef(schema: Schema, doc: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) node = isSchema(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isSchema(node) ? node : {};
}

function stringSample(s: Schema): string {
  switch (s.format) {
    case 'email':
      return 'user@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'date-time':
      return new Date(Date.UTC(2026, 0, 15, 9, 0, 0)).toISOString();
    case 'date':
      return '2026-01-15';
    case 'time':
      return '09:00:00';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    case 'ipv4':
      return '192.168.1.10';
    default: {
      const min = typeof s.minLength === 'number' ? s.minLength : 0;
      const max = typeof s.maxLength === 'number' ? s.maxLength : 64;
      const base = 'string';
      return min > base.length ? base.padEnd(Math.min(min, max), 'x') : base.slice(0, Math.max(1, Math.min(max, base.length)));
    }
  }
}

function numberSample(s: Schema, integer: boolean): number {
  const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + (integer ? 1 : 0.5) : undefined;
  const max = typeof s.maximum === 'number' ? s.maximum : undefined;
  let n = min ?? 1;
  if (max !== undefined && n > max) n = max;
  return integer ? Math.ceil(n) : n;
}

/** Which of an object's properties to show: the required ones, those with a default or example, or (when that is none) all. */
function shownProperties(s: Schema): string[] {
  const props = isSchema(s.properties) ? s.properties : {};
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const keys = Object.keys(props).filter((k) => required.has(k) || (isSchema(props[k]) && (props[k].default !== undefined || props[k].examples !== undefined || props[k].example !== undefined)));
  return keys.length ? keys : Object.keys(props);
}

export function sampleOf(schema: unknown, doc: Schema, depth = 0): unknown {
  if (!isSchema(schema) || depth > MAX_DEPTH) return null;
  const s = resolveRef(schema, doc);
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = Array.isArray(s[key]) ? (s[key] as unknown[]).filter(isSchema) : [];
    const pick = options.find((o) => o.type !== 'null') ?? options[0];
    if (pick) return sampleOf(pick, doc, depth + 1);
  }
  if (Array.isArray(s.allOf)) {
    const parts = (s.allOf as unknown[]).map((p) => sampleOf(p, doc, depth + 1));
    return parts.every(isSchema) ? Object.assign({}, ...parts) as unknown : parts[0];
  }
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return stringSample(s);
    case 'integer':
      return numberSample(s, true);
    case 'number':
      return numberSample(s, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return [sampleOf(s.items, doc, depth + 1)];
    case 'object':
    default: {
      if (!isSchema(s.properties)) return type === 'object' ? {} : null;
      const props = s.properties;
      return Object.fromEntries(shownProperties(s).map((k) => [k, sampleOf(props[k], doc, depth + 1)]));
    }
  }
}
