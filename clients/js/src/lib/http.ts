import type { Filters } from './types.js';

/**
 * A refused request: `status` is the HTTP status (0 when there was no answer at all, or a callback of the
 * app failed), `code` the server's error code (or the library's: `session_revoked`, `unreachable`, …).
 */
export class BridgeError extends Error {
  constructor(message: string, readonly status: number, readonly code = 'error') {
    super(message);
    this.name = 'BridgeError';
  }
}

/**
 * Whether retrying cannot help: the server said no (4xx other than timeout and rate limit),
 * or the app's own login callback failed (status 0). Network errors and 5xx are worth a retry.
 */
export const isFatal = (e: unknown): boolean =>
  e instanceof BridgeError && e.status < 500 && e.status !== 408 && e.status !== 429;

export type Http = <T>(method: string, path: string, token?: string, body?: unknown) => Promise<T>;

/** JSON over fetch against the bridge at `base`; a non-2xx answer becomes a BridgeError carrying the server's message. */
export const http = (base: string, fetchFn: typeof fetch): Http => async (method, path, token, body) => {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body) headers['Content-Type'] = 'application/json';
  const res = await fetchFn(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  let json: any;
  try {
    json = JSON.parse((await res.text()) || '{}');
  } catch {
    // json stays undefined: a proxy's error page, or not the bridge at all
  }
  if (!res.ok || !json) {
    const why = json ? json.message || json.error || '' : '(the answer is not JSON)';
    throw new BridgeError(`${method} ${path.split('?')[0]}: ${res.status} ${why}`.trim(), res.status, json?.error);
  }
  return json;
};

/** A field the bridge's answer must have: without it the answer is not the bridge's (a clear, final error). */
export const field = <T>(value: T | null | undefined, what: string): T => {
  if (value == null) throw new BridgeError(`the bridge's answer has no ${what}`, 200, 'bad_answer');
  return value;
};

/** Query string of filters plus extra parameters; several values of a filter are comma-joined (OR). */
export const query = (filters: Filters, extra: Record<string, string | number | null | undefined> = {}): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...extra, ...filters })) {
    const joined = Array.isArray(value) ? value.join(',') : value;
    if (joined != null && joined !== '') params.set(name, String(joined));
  }
  return params.toString();
};
