/**
 * Who may open a camera's live media. Video players and <img> tags cannot always send headers, so besides
 * `Authorization: Bearer` the access token is accepted as `?token=`, and a signed grant (`?exp=&sig=`,
 * from GET /media/streams/{cameraId}) opens that one camera's media until it expires. Either way the
 * permission is cameras:read.
 */
import type { IncomingMessage } from 'node:http';
import { AppError } from '@sentinel/platform';
import type { AppServices } from '../core/services.ts';
import { bearerFrom } from '../realtime/ws.ts';

export const mediaScope = (cameraId: string): string => `media:${cameraId}`;

export async function authorizeMedia(app: Pick<AppServices, 'sessions' | 'urls'>, req: IncomingMessage, url: URL, cameraId: string): Promise<void> {
  const exp = url.searchParams.get('exp');
  const sig = url.searchParams.get('sig');
  if (exp || sig) {
    const grant = app.urls.checkGrant(mediaScope(cameraId), exp, sig);
    if (grant.ok) return;
    throw new AppError('AUTH_FORBIDDEN', grant.reason === 'expired' ? 'This stream link has expired' : 'This stream link is not valid for this camera');
  }
  const token = bearerFrom(req, url);
  if (!token) throw new AppError('AUTH_UNAUTHORIZED', 'Send a bearer token (header or ?token=) or use a signed stream link');
  const auth = await app.sessions.authenticate(token);
  if (auth.kind !== 'user') throw new AppError(auth.kind === 'invalid' ? auth.code : 'AUTH_UNAUTHORIZED', 'Token missing/invalid');
  if (!auth.user.permissions.includes('cameras:read')) throw new AppError('AUTH_FORBIDDEN', 'Missing permission cameras:read');
}
