/** Looks up procedure metadata by tRPC path or by REST method + path template. */
import type { AnyRouter } from '@trpc/server';
import type { ProcedureMeta } from '../core/trpc.ts';

export interface ProcedureInfo {
  path: string;
  type: string;
  meta: ProcedureMeta;
}

export function indexProcedures(router: AnyRouter): Map<string, ProcedureInfo> {
  const out = new Map<string, ProcedureInfo>();
  const procedures = router._def.procedures as Record<string, { _def: { type: string; meta?: ProcedureMeta } }>;
  for (const [path, proc] of Object.entries(procedures)) {
    out.set(path, { path, type: proc._def.type, meta: proc._def.meta ?? {} });
  }
  return out;
}
