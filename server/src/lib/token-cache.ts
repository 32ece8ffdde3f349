/**
 * A short-lived, per-process cache of token lookups: the bearer check is on every request and
 * would otherwise cost a database round trip each time. Changes made in this process (revoke,
 * rotate, JWT secret) clear it at once; other processes see them within `TTL_MS`.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  expiresAt: number;
}

const entries = new Map<string, Entry<unknown>>();

export function cachedLookup<T>(key: string, now: number): T | undefined {
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt <= now) {
    entries.delete(key);
    return undefined;
  }
  return entry.value as T;
}

export function rememberLookup<T>(key: string, value: T, now: number): void {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(key, { value, expiresAt: now + TTL_MS });
}

export function clearTokenCache(): void {
  entries.clear();
}
