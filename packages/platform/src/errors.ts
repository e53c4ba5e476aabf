/**
 * One error type for the whole backend. Services throw AppError with a stable code; the HTTP layers map
 * the code to a status once. Users get the message; logs get the cause.
 */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 422,
  BAD_REQUEST: 400,
  AUTH_UNAUTHORIZED: 401,
  AUTH_TOKEN_EXPIRED: 401,
  AUTH_FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  /** the camera did not deliver a frame (unreachable, wrong credentials, no video) */
  MEDIA_SNAPSHOT_FAILED: 502,
  /** the camera's live stream could not be opened */
  MEDIA_STREAM_FAILED: 502,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  /** extra response headers, e.g. Retry-After */
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { details?: Record<string, unknown>; cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = opts.details;
    this.headers = opts.headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string, id: string): AppError => new AppError('NOT_FOUND', `${what} '${id}' was not found`);
export const conflict = (message: string, details?: Record<string, unknown>): AppError =>
  new AppError('CONFLICT', message, details ? { details } : {});
export const forbidden = (message = 'You do not have permission to do this'): AppError =>
  new AppError('AUTH_FORBIDDEN', message);
export const invalid = (field: string, reason: string): AppError =>
  new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { [field]: reason } });
