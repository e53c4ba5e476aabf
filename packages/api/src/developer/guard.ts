/**
 * What every developer console call goes through after the `developer:use` check: a per-user rate
 * limit kept in the database (DEVELOPER_RATE_LIMIT calls a minute, then 429 with Retry-After), and an
 * audit entry naming the call, its target and its outcome.
 */
import { AppError } from '@sentinel/platform';
import { recordAudit } from '../audit/trail.ts';
import { actorOf } from '../core/context.ts';
import { currentWindow, hit } from '../core/rate-limit.ts';
import { toAppError } from '../core/errors.ts';
import { authedProcedure } from '../core/trpc.ts';
import { configuredSecrets, createRedactor } from './redact.ts';

const WINDOW_SECONDS = 60;
const MAX_AUDITED_INPUT = 4000;

function field(input: unknown, name: string): string | null {
  const v = input && typeof input === 'object' ? (input as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v.slice(0, 200) : null;
}

export const developerProcedure = authedProcedure.use(async ({ ctx, path, next, getRawInput }) => {
  const { app } = ctx;
  const key = `developer:user:${ctx.user.id}`;
  const redactor = createRedactor(configuredSecrets(app.config));
  const raw = await getRawInput().catch(() => undefined);
  const clean = redactor.value(raw ?? null);
  const text = JSON.stringify(clean) ?? 'null';
  const input = text.length <= MAX_AUDITED_INPUT ? clean : { truncated: true, bytes: text.length };
  const resourceId = field(clean, 'id') ?? field(clean, 'target');

  await hit(app.db, key, WINDOW_SECONDS);
  const window = await currentWindow(app.db, key, WINDOW_SECONDS);
  if (window.count > app.config.DEVELOPER_RATE_LIMIT) {
    await recordAudit(app.db, actorOf(ctx), { action: path, resourceType: 'developer', resourceId, severity: 'warning', message: 'Rate limited', after: { input } });
    throw new AppError('RATE_LIMITED', 'Too many developer console calls; try again later', {
      headers: { 'Retry-After': String(window.retryAfterSeconds) },
      details: { retryAfterSeconds: window.retryAfterSeconds, limitPerMinute: app.config.DEVELOPER_RATE_LIMIT },
    });
  }

  const result = await next();
  const status = result.ok && result.data && typeof result.data === 'object' && 'status' in result.data ? Number(result.data.status) : undefined;
  const failure = result.ok ? undefined : toAppError(result.error);
  await recordAudit(app.db, actorOf(ctx), {
    action: path,
    resourceType: 'developer',
    resourceId,
    severity: failure ? 'warning' : 'info',
    message: failure ? `Failed: ${failure.code}` : status !== undefined ? `Answered ${status}` : 'OK',
    after: { input, ...(status !== undefined ? { status } : {}), ...(failure ? { error: failure.code } : {}) },
  });
  return result;
});
