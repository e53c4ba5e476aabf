/** What every procedure receives: the app's services, who is calling, and the request's identity. */
import type { IncomingMessage } from 'node:http';
import type { Logger } from '@sentinel/platform';
import type { Permission } from '@sentinel/contracts/permissions';
import type { AppServices } from './services.ts';

export interface AuthUser {
  id: string;
  name: string;
  email: string;
  roleId: string;
  permissions: readonly Permission[];
}

export type AuthState =
  | { kind: 'user'; user: AuthUser }
  | { kind: 'anonymous' }
  | { kind: 'invalid'; code: 'AUTH_TOKEN_EXPIRED' | 'AUTH_UNAUTHORIZED' };

export interface Context {
  app: AppServices;
  requestId: string;
  ip: string | null;
  log: Logger;
  auth: AuthState;
}

/** Who did something, for the audit trail. */
export interface Actor {
  id: string | null;
  name: string;
  ip: string | null;
  requestId: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'system', ip: null, requestId: null };

const REQUEST_ID = Symbol('requestId');
type TaggedRequest = IncomingMessage & { [REQUEST_ID]?: string };

export function setRequestId(req: IncomingMessage, id: string): void {
  (req as TaggedRequest)[REQUEST_ID] = id;
}

export function getRequestId(req: IncomingMessage): string {
  return (req as TaggedRequest)[REQUEST_ID] ?? 'unknown';
}

export function clientIp(req: IncomingMessage): string | null {
  const addr = req.socket.remoteAddress ?? null;
  return addr?.startsWith('::ffff:') ? addr.slice(7) : addr;
}

/** `fallbackToken`: a token sent another way (tRPC connection params of an SSE subscription). */
export async function createContext(app: AppServices, req: IncomingMessage, fallbackToken?: string): Promise<Context> {
  const requestId = getRequestId(req);
  const header = req.headers.authorization;
  let auth: AuthState = { kind: 'anonymous' };
  if (header) {
    const m = /^Bearer\s+(.+)$/i.exec(header);
    auth = m?.[1] ? await app.sessions.authenticate(m[1]) : { kind: 'invalid', code: 'AUTH_UNAUTHORIZED' };
  } else if (fallbackToken) {
    auth = await app.sessions.authenticate(fallbackToken);
  }
  return { app, requestId, ip: clientIp(req), log: app.logger.child({ requestId }), auth };
}

export function actorOf(ctx: Context): Actor {
  const user = ctx.auth.kind === 'user' ? ctx.auth.user : null;
  return { id: user?.id ?? null, name: user?.name ?? 'anonymous', ip: ctx.ip, requestId: ctx.requestId };
}
