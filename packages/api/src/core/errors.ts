/**
 * Maps anything thrown to an AppError, once, for both transports. Unknown errors become a generic 500
 * whose cause is logged, never shown.
 */
import { TRPCError } from '@trpc/server';
import { AppError } from '@sentinel/platform';

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

function issuesOf(cause: unknown): Issue[] | undefined {
  if (cause && typeof cause === 'object' && 'issues' in cause && Array.isArray((cause).issues)) {
    return (cause as { issues: Issue[] }).issues;
  }
  return undefined;
}

export function validationError(issues: Issue[]): AppError {
  const details: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_';
    details[key] ??= issue.message;
  }
  return new AppError('VALIDATION_ERROR', 'Invalid payload', { details });
}

const PG_CODES: Record<string, (e: Error) => AppError> = {
  '23505': (e) => new AppError('CONFLICT', 'A record with the same unique value already exists', { cause: e }),
  '23503': (e) => new AppError('CONFLICT', 'The record is referenced by, or refers to, a missing record', { cause: e }),
  '22P02': (e) => new AppError('VALIDATION_ERROR', 'Invalid value', { cause: e }),
  '22001': (e) => new AppError('VALIDATION_ERROR', 'A value is too long', { cause: e }),
};

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof TRPCError) {
    if (err.cause instanceof AppError) return err.cause;
    const issues = issuesOf(err.cause);
    if (err.code === 'BAD_REQUEST' && issues) return validationError(issues);
    switch (err.code) {
      case 'PARSE_ERROR':
        return new AppError('BAD_REQUEST', 'Malformed request body: expected valid JSON');
      case 'BAD_REQUEST':
        return new AppError('BAD_REQUEST', err.message);
      case 'PAYLOAD_TOO_LARGE':
        return new AppError('PAYLOAD_TOO_LARGE', 'Request body too large');
      case 'UNSUPPORTED_MEDIA_TYPE':
        return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
      case 'NOT_FOUND':
        return new AppError('NOT_FOUND', err.message || 'Not found');
      case 'METHOD_NOT_SUPPORTED':
        return new AppError('METHOD_NOT_ALLOWED', 'Method not allowed');
      case 'UNAUTHORIZED':
        return new AppError('AUTH_UNAUTHORIZED', err.message);
      case 'FORBIDDEN':
        return new AppError('AUTH_FORBIDDEN', err.message);
      case 'TOO_MANY_REQUESTS':
        return new AppError('RATE_LIMITED', err.message);
      default:
        if (err.cause) return toAppError(err.cause);
    }
  }
  if (err instanceof Error && 'code' in err && typeof err.code === 'string') {
    const mapped = PG_CODES[err.code];
    if (mapped) return mapped(err);
  }
  return new AppError('INTERNAL_ERROR', 'Internal server error', { cause: err });
}
