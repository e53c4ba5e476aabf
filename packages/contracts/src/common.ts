/** Shapes every domain shares: pagination, sorting, page metadata, ISO timestamps, query booleans. */
import { z } from 'zod';

export const MAX_PAGE_SIZE = 200;

/** A boolean in a query string: "true"/"false" (also 1/0, yes/no). */
export const zQueryBoolean = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

export const ZPageQuerySchema = z.object({
  page: z.number().int().min(1).default(1).describe('1-based page number'),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(20).describe(`rows per page (1-${MAX_PAGE_SIZE})`),
  sortDir: z.enum(['asc', 'desc']).optional(),
});

export const ZPageMetaSchema = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  totalPages: z.number().int(),
});
export type TPageMeta = z.infer<typeof ZPageMetaSchema>;

/** Output of every paginated list: the REST envelope lifts `data` and `meta` to its top level. */
export function zPage<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), meta: ZPageMetaSchema });
}

export interface Page<T> {
  data: T[];
  meta: TPageMeta;
}

export function pageMeta(page: number, pageSize: number, total: number): TPageMeta {
  return { page, pageSize, total, totalPages: Math.max(1, Math.ceil(total / pageSize)) };
}

export const zIsoDateTime = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time (UTC)');

export const ZIdParamSchema = z.object({ id: z.string().min(1).max(64) });

export const ZEmptySchema = z.object({});
