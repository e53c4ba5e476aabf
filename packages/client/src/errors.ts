/**
 * Reading the server's errors: every failed call is a TRPCClientError whose `data` carries the stable
 * `appCode` (the same codes REST puts in `error.code`) and, for validation errors, per-field `details`.
 */
import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from './types.ts';

export type SentinelClientError = TRPCClientError<AppRouter>;
type ErrorData = NonNullable<SentinelClientError['data']>;
export type AppErrorCode = ErrorData['appCode'];

export function isSentinelError(err: unknown): err is SentinelClientError {
  return err instanceof TRPCClientError;
}

/** The server's error code, or undefined for errors that never reached the server (network, abort). */
export function appCodeOf(err: unknown): AppErrorCode | undefined {
  return isSentinelError(err) ? err.data?.appCode : undefined;
}

export function isTokenExpiredError(err: unknown): boolean {
  return appCodeOf(err) === 'AUTH_TOKEN_EXPIRED';
}
