/** Access tokens: short-lived HS256 JWTs. Refresh tokens: opaque random strings, only their hash is stored. */
import { SignJWT, jwtVerify, errors } from 'jose';
import { randomToken, sha256 } from '@sentinel/platform';

export interface AccessClaims {
  sub: string;
  role: string;
}

export interface VerifiedClaims extends AccessClaims {
  /** expiry in epoch milliseconds */
  expiresAt: number;
}

export interface TokenSigner {
  signAccess(claims: AccessClaims): Promise<string>;
  verifyAccess(token: string): Promise<{ ok: true; claims: VerifiedClaims } | { ok: false; expired: boolean }>;
}

export function createTokenSigner(secret: string, ttlSeconds: number): TokenSigner {
  const key = new TextEncoder().encode(secret);
  return {
    signAccess(claims) {
      return new SignJWT({ role: claims.role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.sub)
        .setIssuedAt()
        .setIssuer('sentinel')
        .setAudience('sentinel-api')
        .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
        .sign(key);
    },
    async verifyAccess(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: 'sentinel', audience: 'sentinel-api', algorithms: ['HS256'] });
        if (typeof payload.sub !== 'string' || typeof payload.role !== 'string' || typeof payload.exp !== 'number') return { ok: false, expired: false };
        return { ok: true, claims: { sub: payload.sub, role: payload.role, expiresAt: payload.exp * 1000 } };
      } catch (err) {
        return { ok: false, expired: err instanceof errors.JWTExpired };
      }
    },
  };
}

export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomToken(32);
  return { token, hash: sha256(token) };
}
