/**
 * Secrets at rest: AES-256-GCM with a key derived from ENCRYPTION_KEY, and masking of credentials in
 * stream URLs so responses never carry them in clear.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function createSecretBox(key: string): SecretBox {
  const k = createHash('sha256').update(`sentinel:secrets:${key}`).digest();
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', k, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(sealed) {
      if (!sealed.startsWith('v1.')) throw new Error('Unknown secret format');
      const raw = Buffer.from(sealed.slice(3), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', k, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

export const MASK = '****';

/** rtsp://user:pass@host/x -> rtsp://user:****@host/x; also masks password-like query parameters. */
export function maskUrlCredentials(url: string): string {
  // greedy up to the last '@' before the path, as URL parsers do, so an unencoded '@' in a password stays hidden
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i.exec(url);
  let out = url;
  if (m) {
    const userinfo = m[2] ?? '';
    const user = userinfo.split(':')[0] ?? '';
    out = `${m[1]}${user}${userinfo.includes(':') || user === '' ? `:${MASK}` : ''}@${url.slice(m[0].length)}`;
  }
  return out.replace(/([?&](?:password|pass|pwd|token|key|apikey|api_key|secret)=)[^&#]*/gi, `$1${MASK}`);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
