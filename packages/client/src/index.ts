/** @sentinel/client: the typed tRPC client for the Sentinel API, as the React frontend uses it. */
export { createSentinelClient, type HeaderEventSource, type SentinelClient, type SentinelClientOptions, type SentinelSession } from './client.ts';
export { createLocalStorageTokenStore, createMemoryTokenStore, type TokenStore, type Tokens } from './tokens.ts';
export { appCodeOf, isSentinelError, isTokenExpiredError, type AppErrorCode, type SentinelClientError } from './errors.ts';
export { SKIP_TOKEN_REFRESH, tokenRefreshLink, type TokenRefreshLinkOptions } from './refresh-link.ts';
export type * from './types.ts';
