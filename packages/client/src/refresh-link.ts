/**
 * The link that survives access-token expiry. It sits before the terminating links, so each operation of a
 * batch is handled on its own: a call that fails with AUTH_TOKEN_EXPIRED waits for one shared refresh and is
 * sent again once; every other error passes straight through.
 */
import type { TRPCLink } from '@trpc/client';
import { observable, type Unsubscribable } from '@trpc/server/observable';
import { isTokenExpiredError } from './errors.ts';
import type { TokenStore } from './tokens.ts';
import type { AppRouter } from './types.ts';

/** Set on a call's context (`{ context: { skipTokenRefresh: true } }`) to keep it out of the refresh dance. */
export const SKIP_TOKEN_REFRESH = 'skipTokenRefresh';

export interface TokenRefreshLinkOptions {
  store: TokenStore;
  /**
   * Gets a fresh pair for a call that was sent with `staleAccessToken`; resolves true when the call may be
   * sent again. Must be single-flight: every concurrent failure shares one refresh.
   */
  refresh(staleAccessToken: string | undefined): Promise<boolean>;
}

export function tokenRefreshLink(opts: TokenRefreshLinkOptions): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let current: Unsubscribable | undefined;
        let disposed = false;

        const send = (isRetry: boolean): void => {
          const sentWith = opts.store.get()?.accessToken;
          current = next(op).subscribe({
            next: (envelope) => observer.next(envelope),
            complete: () => observer.complete(),
            error: (err) => {
              if (isRetry || op.context[SKIP_TOKEN_REFRESH] === true || !isTokenExpiredError(err)) {
                observer.error(err);
                return;
              }
              opts.refresh(sentWith).then(
                (refreshed) => {
                  if (disposed) return;
                  if (refreshed) send(true);
                  else observer.error(err); // the caller sees why its own call failed, not the refresh's error
                },
                () => {
                  if (!disposed) observer.error(err);
                },
              );
            },
          });
        };

        send(false);
        return () => {
          disposed = true;
          current?.unsubscribe();
        };
      });
}
