import type { CacheAdapter } from './types.js';

export interface AdapterOptions {
  /**
   * Turn decimal id strings into JS numbers (`["invoice","42"]` → `["invoice",42]`), for key
   * factories that build keys from numbers. Only safe integers are converted; addresses never match.
   */
  numericIds?: boolean;
}

const convert = (key: string[], numeric?: boolean): unknown[] =>
  numeric ? key.map((part) => (/^\d+$/.test(part) && Number.isSafeInteger(+part) ? +part : part)) : key;

/**
 * Calls SWR's `mutate(key)` for exactly the event's keys (never a key filter that matches more).
 * A one-element key is passed as its string (`["invoice-count"]` → `'invoice-count'`), as SWR
 * key factories write such keys.
 */
export const swrAdapter = (mutate: (key: any) => unknown, options: AdapterOptions = {}): CacheAdapter => (keys) => {
  for (const key of keys) mutate(key.length === 1 ? key[0] : convert(key, options.numericIds));
};

/** Calls TanStack Query's `invalidateQueries({ queryKey, exact: true })` for exactly the event's keys. */
export const tanstackAdapter = (
  queryClient: { invalidateQueries(filters: { queryKey: unknown[]; exact: boolean }): unknown },
  options: AdapterOptions = {},
): CacheAdapter => (keys) => {
  for (const key of keys) queryClient.invalidateQueries({ queryKey: convert(key, options.numericIds), exact: true });
};
