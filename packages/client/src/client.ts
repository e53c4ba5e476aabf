/**
 * The typed client the frontend creates once: tRPC over /api/trpc (batched HTTP, SSE for subscriptions,
 * superjson), the bearer token on every call, transparent refresh of an expired access token, and the
 * login/logout helpers that fill and empty the token store.
 */
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from '@trpc/client';
import superjson from 'superjson';
import type { TUserAccount } from '@sentinel/contracts';
import { isSentinelError } from './errors.ts';
import { SKIP_TOKEN_REFRESH, tokenRefreshLink } from './refresh-link.ts';
import { createMemoryTokenStore, type TokenStore, type Tokens } from './tokens.ts';
import type { AppRouter } from './types.ts';

/**
 * An EventSource that takes request headers (e.g. `EventSourcePolyfill` from event-source-polyfill). The
 * browser's own EventSource cannot send an Authorization header, so authenticated subscriptions need one.
 */
export type HeaderEventSource = new (url: string, init?: { headers?: Record<string, string>; withCredentials?: boolean }) => EventSource;

export interface SentinelClientOptions {
  /** origin of the server, e.g. `https://sentinel.example.com` or '' for same-origin; no trailing slash */
  baseUrl: string;
  fetch?: typeof fetch;
  /** defaults to an in-memory store */
  tokenStore?: TokenStore;
  /** called once when an expired session could not be refreshed; the store is already empty */
  onSessionExpired?: () => void;
  EventSource?: HeaderEventSource;
}

export interface SentinelSession {
  /** logs in, keeps the token pair and returns the user */
  login(username: string, password: string): Promise<TUserAccount>;
  /** empties the store, then revokes the session on the server (the store is empty even if that call fails) */
  logout(): Promise<void>;
  isLoggedIn(): boolean;
}

export interface SentinelClient {
  trpc: TRPCClient<AppRouter>;
  session: SentinelSession;
}

const NO_REFRESH = { context: { [SKIP_TOKEN_REFRESH]: true } };

export function createSentinelClient(options: SentinelClientOptions): SentinelClient {
  const store = options.tokenStore ?? createMemoryTokenStore();
  const url = `${options.baseUrl.replace(/\/+$/, '')}/api/trpc`;
  const authHeaders = (): Record<string, string> => {
    const tokens = store.get();
    return tokens ? { Authorization: `Bearer ${tokens.accessToken}` } : {};
  };

  let refreshing: Promise<boolean> | null = null;

  const trpc = createTRPCClient<AppRouter>({
    links: [
      tokenRefreshLink({ store, refresh: refreshOnce }),
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink<AppRouter, HeaderEventSource>({
          url,
          transformer: superjson,
          ...(options.EventSource ? { EventSource: options.EventSource } : {}),
          // the browser's EventSource cannot send headers: the server also reads the token from connection params
          connectionParams: () => ({ token: store.get()?.accessToken ?? '' }),
          eventSourceOptions: () => ({ headers: authHeaders() }),
        }),
        false: httpBatchLink({ url, transformer: superjson, headers: authHeaders, ...(options.fetch ? { fetch: options.fetch } : {}) }),
      }),
    ],
  });

  /** One refresh for all calls that failed together; a call sent before someone else's refresh just retries. */
  function refreshOnce(staleAccessToken: string | undefined): Promise<boolean> {
    const tokens = store.get();
    if (!tokens) return Promise.resolve(false); // logged out (or already expired) meanwhile: nothing to refresh
    if (!refreshing && tokens.accessToken !== staleAccessToken) return Promise.resolve(true);
    refreshing ??= rotate(tokens).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function rotate(tokens: Tokens): Promise<boolean> {
    try {
      const pair = await trpc.auth.refresh.mutate({ refreshToken: tokens.refreshToken }, NO_REFRESH);
      store.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      return true;
    } catch (err) {
      // Only the server's refusal ends the session; a network failure leaves the tokens for the next attempt.
      if (isSentinelError(err) && err.data) {
        store.set(null);
        options.onSessionExpired?.();
      }
      return false;
    }
  }

  const session: SentinelSession = {
    async login(username, password) {
      const res = await trpc.auth.login.mutate({ username, password }, NO_REFRESH);
      store.set({ accessToken: res.accessToken, refreshToken: res.refreshToken });
      return res.user;
    },
    async logout() {
      const tokens = store.get();
      store.set(null);
      if (tokens) await trpc.auth.logout.mutate({ refreshToken: tokens.refreshToken }, NO_REFRESH);
    },
    isLoggedIn: () => store.get() !== null,
  };

  return { trpc, session };
}
