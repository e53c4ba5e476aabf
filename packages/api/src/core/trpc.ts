/**
 * The tRPC instance, the procedure builders and the one permission middleware. Routers declare what a
 * procedure needs in its meta (`permission`, `successStatus`, `envelope`); nothing is checked elsewhere.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { AppError, forbidden, type ErrorCode } from '@sentinel/platform';
import type { Permission } from '@sentinel/contracts/permissions';
import type { Context } from './context.ts';
import { toAppError } from './errors.ts';
import { transformer } from './transformer.ts';

export interface ProcedureMeta extends OpenApiMeta {
  /** the permission the caller must hold; authenticated procedures without one only need a session */
  permission?: Permission;
  /** HTTP status of a successful REST call (default 200) */
  successStatus?: 200 | 201 | 202 | 204;
  /** 'page' when the output is `{data, meta, ...}` to be lifted to the top of the REST envelope */
  envelope?: 'page';
  /** REST also accepts multipart/form-data; these input fields are file arrays ({filename, contentType, data: base64}) */
  multipartFiles?: string[];
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer,
    errorFormatter({ shape, error }) {
      const app = toAppError(error);
      return {
        ...shape,
        message: app.code === 'INTERNAL_ERROR' ? 'Internal server error' : app.message,
        data: { code: shape.data.code, httpStatus: app.status, appCode: app.code, details: app.details ?? null, path: shape.data.path },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

type TrpcCode = TRPCError['code'];
const TRPC_CODE: Record<ErrorCode, TrpcCode> = {
  VALIDATION_ERROR: 'UNPROCESSABLE_CONTENT',
  BAD_REQUEST: 'BAD_REQUEST',
  AUTH_UNAUTHORIZED: 'UNAUTHORIZED',
  AUTH_TOKEN_EXPIRED: 'UNAUTHORIZED',
  AUTH_FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_SUPPORTED',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  INTERNAL_ERROR: 'INTERNAL_SERVER_ERROR',
  MEDIA_SNAPSHOT_FAILED: 'BAD_GATEWAY',
  MEDIA_STREAM_FAILED: 'BAD_GATEWAY',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** Gives AppErrors their proper tRPC code (and so HTTP status) on the tRPC transport. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError && result.error.code === 'INTERNAL_SERVER_ERROR') {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  return result;
});

/** Anyone may call it. */
export const publicProcedure = t.procedure.use(mapAppErrors);

/** Needs a valid access token, and the meta's permission if it names one. */
export const authedProcedure = publicProcedure.use(({ ctx, meta, next }) => {
  if (ctx.auth.kind === 'invalid') {
    throw new AppError(ctx.auth.code, ctx.auth.code === 'AUTH_TOKEN_EXPIRED' ? 'Access token expired' : 'Token missing/invalid');
  }
  if (ctx.auth.kind !== 'user') throw new AppError('AUTH_UNAUTHORIZED', 'Token missing/invalid');
  const user = ctx.auth.user;
  if (meta?.permission && !user.permissions.includes(meta.permission)) {
    throw forbidden(`This needs the '${meta.permission}' permission`);
  }
  return next({ ctx: { ...ctx, user } });
});
