/**
 * Signing and encryption keys. Deployments set JWT_SECRET and ENCRYPTION_KEY (required in production);
 * a development or demo install generates them once into DATA_DIR/secrets.json (mode 0600).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomToken, type AppConfig } from '@sentinel/platform';

export interface Keys {
  jwtSecret: string;
  encryptionKey: string;
}

export function resolveKeys(config: AppConfig): Keys {
  if (config.JWT_SECRET && config.ENCRYPTION_KEY) return { jwtSecret: config.JWT_SECRET, encryptionKey: config.ENCRYPTION_KEY };
  const file = path.resolve(config.DATA_DIR, 'secrets.json');
  let stored: Partial<Keys> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Keys>;
  const keys: Keys = {
    jwtSecret: config.JWT_SECRET ?? stored.jwtSecret ?? randomToken(48),
    encryptionKey: config.ENCRYPTION_KEY ?? stored.encryptionKey ?? randomToken(48),
  };
  if (stored.jwtSecret !== keys.jwtSecret || stored.encryptionKey !== keys.encryptionKey) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  }
  return keys;
}
