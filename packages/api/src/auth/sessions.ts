/**
 * Sessions: login, refresh-token rotation with reuse detection, logout, password reset and change, and
 * resolving an access token to the calling user (cached for a few seconds).
 */
import { AppError, newId, sha256 } from '@sentinel/platform';
import type { Database, Kysely, Transaction } from '@sentinel/db';
import type { TLoginResponse, TUserAccount } from '@sentinel/contracts';
import type { Permission } from '@sentinel/contracts/permissions';
import type { Actor, AuthState, AuthUser } from '../core/context.ts';
import type { Mailer } from '../core/mailer.ts';
import { currentWindow, hit, reset as resetWindow } from '../core/rate-limit.ts';
import { recordAudit } from '../audit/trail.ts';
import { findRole } from '../roles/repository.ts';
import { findUserByEmail, findUserById, findUserByLogin, toAccount, updateUser, type UserRecord } from '../users/repository.ts';
import { dummyHash, hashPassword, verifyPassword } from './passwords.ts';
import { newOpaqueToken, type TokenSigner } from './tokens.ts';

export interface SessionSettings {
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  resetTtlSeconds: number;
  loginMaxFailures: number;
  loginWindowSeconds: number;
}

const CACHE_MS = 5000;
/** verified access tokens kept (each only until it expires), so a signature is checked once, not per request */
const VERIFIED_MAX = 10_000;

export class SessionService {
  readonly #cache = new Map<string, { user: AuthUser | null; at: number }>();
  readonly #verified = new Map<string, { sub: string; expiresAt: number }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly signer: TokenSigner,
    private readonly mailer: Mailer,
    private readonly settings: SessionSettings,
  ) {}

  /** Forget cached users (after a user or role changes) so permissions apply at once in this process. */
  invalidate(userId?: string): void {
    if (userId) this.#cache.delete(userId);
    else this.#cache.clear();
  }

  async authenticate(accessToken: string): Promise<AuthState> {
    let entry = this.#verified.get(accessToken);
    if (entry && entry.expiresAt <= Date.now()) {
      this.#verified.delete(accessToken);
      return { kind: 'invalid', code: 'AUTH_TOKEN_EXPIRED' };
    }
    if (!entry) {
      const verified = await this.signer.verifyAccess(accessToken);
      if (!verified.ok) return { kind: 'invalid', code: verified.expired ? 'AUTH_TOKEN_EXPIRED' : 'AUTH_UNAUTHORIZED' };
      entry = { sub: verified.claims.sub, expiresAt: verified.claims.expiresAt };
      if (this.#verified.size >= VERIFIED_MAX) this.#verified.delete(this.#verified.keys().next().value!);
      this.#verified.set(accessToken, entry);
    }
    const user = await this.#resolveUser(entry.sub);
    return user ? { kind: 'user', user } : { kind: 'invalid', code: 'AUTH_UNAUTHORIZED' };
  }

  /** The user behind a session as of now (cached a few seconds): null once disabled or deleted. */
  currentUser(id: string): Promise<AuthUser | null> {
    return this.#resolveUser(id);
  }

  async #resolveUser(id: string): Promise<AuthUser | null> {
    const cached = this.#cache.get(id);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.user;
    const record = await findUserById(this.db, id);
    let user: AuthUser | null = null;
    if (record && record.status === 'active') {
      const role = await findRole(this.db, record.roleId);
      user = { id: record.id, name: record.name, email: record.email, roleId: record.roleId, permissions: (role?.permissions ?? []) as Permission[] };
    }
    this.#cache.set(id, { user, at: Date.now() });
    return user;
  }

  async login(input: { username: string; password: string }, actor: Actor): Promise<TLoginResponse> {
    const { loginMaxFailures: max, loginWindowSeconds: window } = this.settings;
    const keys = [`login:user:${input.username.toLowerCase()}`, `login:ip:${actor.ip ?? 'unknown'}`];
    const limits = [max, max * 4];
    for (const [i, key] of keys.entries()) {
      const w = await currentWindow(this.db, key, window);
      if (w.count >= (limits[i] ?? max)) {
        throw new AppError('RATE_LIMITED', 'Too many failed login attempts; try again later', {
          headers: { 'Retry-After': String(w.retryAfterSeconds) },
          details: { retryAfterSeconds: w.retryAfterSeconds },
        });
      }
    }
    const user = await findUserByLogin(this.db, input.username);
    const ok = user && user.status === 'active' ? await verifyPassword(user.passwordHash, input.password) : await verifyPassword(await dummyHash(), input.password).then(() => false);
    if (!user || !ok) {
      for (const key of keys) await hit(this.db, key, window);
      await recordAudit(this.db, { ...actor, id: user?.id ?? null, name: input.username.slice(0, 120) }, {
        action: 'auth.login_failed',
        resourceType: 'session',
        resourceId: user?.id ?? null,
        severity: 'warning',
        message: 'Invalid credentials',
      });
      throw new AppError('AUTH_UNAUTHORIZED', 'Invalid username or password');
    }
    await resetWindow(this.db, keys[0]!);
    return this.db.transaction().execute(async (trx) => {
      const now = new Date();
      await updateUser(trx, user.id, { lastActive: now });
      const tokens = await this.#issue(trx, user, newId('FAM', 16), actor.ip);
      await recordAudit(trx, { ...actor, id: user.id, name: user.name }, { action: 'auth.login', resourceType: 'session', resourceId: user.id, message: 'Logged in' });
      return { ...tokens, user: toAccount({ ...user, lastActive: now.toISOString() }) };
    });
  }

  async #issue(trx: Transaction<Database>, user: UserRecord | TUserAccount, familyId: string, ip: string | null) {
    const refresh = newOpaqueToken();
    await trx
      .insertInto('refresh_tokens')
      .values({
        id: newId('RT', 16),
        user_id: user.id,
        family_id: familyId,
        token_hash: refresh.hash,
        expires_at: new Date(Date.now() + this.settings.refreshTtlSeconds * 1000),
        ip,
      })
      .execute();
    const accessToken = await this.signer.signAccess({ sub: user.id, role: user.roleId });
    return { accessToken, refreshToken: refresh.token, expiresIn: this.settings.accessTtlSeconds };
  }

  async refresh(refreshToken: string, actor: Actor): Promise<{ accessToken: string; refreshToken: string; expiresIn: number }> {
    const hash = sha256(refreshToken);
    const outcome = await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', hash).forUpdate().executeTakeFirst();
      if (!row || row.revoked_at) return { error: 'Refresh token is not valid' } as const;
      if (row.rotated_at) {
        // A rotated token came back: someone holds a copy. End the whole session family.
        await trx.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('family_id', '=', row.family_id).where('revoked_at', 'is', null).execute();
        await recordAudit(trx, { ...actor, id: row.user_id }, {
          action: 'auth.refresh_reuse',
          resourceType: 'session',
          resourceId: row.user_id,
          severity: 'critical',
          message: 'A rotated refresh token was presented again; the session family was revoked',
        });
        return { error: 'Refresh token was already used; the session has been revoked' } as const;
      }
      if (row.expires_at.getTime() <= Date.now()) return { error: 'Refresh token expired' } as const;
      const user = await findUserById(trx, row.user_id);
      if (!user || user.status !== 'active') return { error: 'Account is not active' } as const;
      await trx.updateTable('refresh_tokens').set({ rotated_at: new Date() }).where('id', '=', row.id).execute();
      await updateUser(trx, user.id, { lastActive: new Date() });
      return { tokens: await this.#issue(trx, user, row.family_id, actor.ip) } as const;
    });
    if (!outcome.tokens) throw new AppError('AUTH_UNAUTHORIZED', outcome.error ?? 'Refresh token is not valid');
    return outcome.tokens;
  }

  async logout(refreshToken: string, actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('refresh_tokens').select(['family_id', 'user_id']).where('token_hash', '=', sha256(refreshToken)).executeTakeFirst();
      if (!row) return;
      await trx.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('family_id', '=', row.family_id).where('revoked_at', 'is', null).execute();
      await recordAudit(trx, { ...actor, id: row.user_id }, { action: 'auth.logout', resourceType: 'session', resourceId: row.user_id, message: 'Logged out' });
    });
  }

  /** Always succeeds from the caller's view, so it never reveals whether an email is registered. */
  async requestReset(email: string, actor: Actor): Promise<void> {
    const user = await findUserByEmail(this.db, email);
    if (!user || user.status === 'disabled') return;
    const token = newOpaqueToken();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('password_reset_tokens')
        .values({ token_hash: token.hash, user_id: user.id, expires_at: new Date(Date.now() + this.settings.resetTtlSeconds * 1000) })
        .execute();
      await recordAudit(trx, { ...actor, id: user.id, name: user.name }, { action: 'auth.reset_requested', resourceType: 'user', resourceId: user.id });
    });
    await this.mailer.send({
      to: user.email,
      subject: 'Password reset',
      text: `A password reset was requested for your account.\n\nReset token: ${token.token}\n\nIt expires in ${Math.round(this.settings.resetTtlSeconds / 60)} minutes. Ignore this message if you did not ask for it.`,
    });
  }

  async resetPassword(token: string, newPassword: string, actor: Actor): Promise<void> {
    const passwordHash = await hashPassword(newPassword);
    const ok = await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('password_reset_tokens').selectAll().where('token_hash', '=', sha256(token)).forUpdate().executeTakeFirst();
      if (!row || row.used_at || row.expires_at.getTime() <= Date.now()) return false;
      await trx.updateTable('password_reset_tokens').set({ used_at: new Date() }).where('token_hash', '=', row.token_hash).execute();
      const user = await findUserById(trx, row.user_id);
      if (!user) return false;
      await updateUser(trx, user.id, { passwordHash, ...(user.status === 'invited' ? { status: 'active' } : {}) });
      await this.#revokeAll(trx, user.id);
      await recordAudit(trx, { ...actor, id: user.id, name: user.name }, { action: 'auth.password_reset', resourceType: 'user', resourceId: user.id, severity: 'warning' });
      return true;
    });
    if (!ok) throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { token: 'invalid or expired reset token' } });
    this.invalidate();
  }

  /** Changes a password; the old one is required unless an Admin sets someone else's. */
  async setPassword(userId: string, newPassword: string, oldPassword: string | undefined, actor: Actor): Promise<void> {
    const user = await findUserById(this.db, userId);
    if (!user) throw new AppError('NOT_FOUND', `User '${userId}' was not found`);
    if (oldPassword !== undefined || actor.id === userId) {
      if (!(await verifyPassword(user.passwordHash, oldPassword ?? ''))) {
        throw new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { oldPassword: 'does not match the current password' } });
      }
    }
    const passwordHash = await hashPassword(newPassword);
    await this.db.transaction().execute(async (trx) => {
      await updateUser(trx, userId, { passwordHash });
      await this.#revokeAll(trx, userId);
      await recordAudit(trx, actor, { action: 'user.password_change', resourceType: 'user', resourceId: userId, severity: 'warning' });
    });
  }

  async #revokeAll(trx: Transaction<Database>, userId: string): Promise<void> {
    await trx.updateTable('refresh_tokens').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  }

  /** Removes expired sessions and reset tokens (maintenance job). */
  async purgeExpired(): Promise<number> {
    const cutoff = new Date();
    const a = await this.db.deleteFrom('refresh_tokens').where('expires_at', '<', cutoff).executeTakeFirst();
    const b = await this.db.deleteFrom('password_reset_tokens').where('expires_at', '<', cutoff).executeTakeFirst();
    return Number(a.numDeletedRows) + Number(b.numDeletedRows);
  }
}
