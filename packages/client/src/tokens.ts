/**
 * Where the client keeps the session's token pair. The default lives in memory (gone on reload); browsers can
 * keep it in localStorage so a reload stays logged in. Both are plain objects so React code can swap them.
 */

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens | null): void;
}

export function createMemoryTokenStore(initial: Tokens | null = null): TokenStore {
  let tokens = initial;
  return {
    get: () => tokens,
    set: (next) => {
      tokens = next;
    },
  };
}

function isTokens(value: unknown): value is Tokens {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.accessToken === 'string' && typeof v.refreshToken === 'string';
}

/** localStorage when the runtime has a usable one (browsers); undefined in Node, SSR and private modes that throw. */
function browserStorage(): Storage | undefined {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    return storage && typeof storage.getItem === 'function' ? storage : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the pair in localStorage under `key`. Safe to import and call anywhere: without localStorage (Node,
 * server rendering) it behaves like the memory store. Reads go to storage every time, so several tabs see the
 * same session, and a tab that finds a token already refreshed by another tab retries instead of refreshing.
 */
export function createLocalStorageTokenStore(key = 'sentinel.tokens'): TokenStore {
  const fallback = createMemoryTokenStore();
  return {
    get() {
      const storage = browserStorage();
      if (!storage) return fallback.get();
      try {
        const parsed: unknown = JSON.parse(storage.getItem(key) ?? 'null');
        return isTokens(parsed) ? { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken } : null;
      } catch {
        return null;
      }
    },
    set(tokens) {
      const storage = browserStorage();
      if (!storage) return fallback.set(tokens);
      if (tokens) storage.setItem(key, JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }));
      else storage.removeItem(key);
    },
  };
}
