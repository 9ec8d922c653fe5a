import { BridgeError, field, type Http } from './http.js';

/**
 * A wallet's signing function, as Freighter and Stellar Wallets Kit expose it: takes the SEP-10
 * challenge (base64 XDR) and returns the signed XDR, as a string or as `{ signedTxXdr }`.
 */
export type SignTransaction = (
  xdr: string,
  opts: { networkPassphrase: string; address: string },
) => Promise<string | { signedTxXdr: string; error?: unknown }>;

/** SEP-10 login of `account` through the bridge's own `/auth`. */
export interface Sep10Login {
  account: string;
  signTransaction: SignTransaction;
}

/** The JWT payload; the signature is the server's business. Empty when the token is not a JWT. */
export const claims = (token: string): { sub?: string } => {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return {};
  }
};

/** GET /auth challenge → wallet signs → POST /auth → JWT. A refused signature is final (status 0): asking again would only nag the user. */
export const sep10 = (api: Http, login: Sep10Login) => async (): Promise<string> => {
  const challenge = await api<{ transaction: string; network_passphrase: string }>(
    'GET', '/auth?account=' + encodeURIComponent(login.account));
  let signed: Awaited<ReturnType<SignTransaction>> | undefined;
  let why: unknown;
  try {
    signed = await login.signTransaction(challenge.transaction,
      { networkPassphrase: challenge.network_passphrase, address: login.account });
  } catch (e) {
    why = e;
  }
  const xdr = typeof signed === 'string' ? signed : signed?.signedTxXdr;
  if (!xdr) {
    why ??= typeof signed === 'object' && signed.error;
    throw new BridgeError('the wallet did not sign the login challenge' + (why ? ': ' + ((why as Error).message || why) : ''), 0, 'sign_failed');
  }
  return field((await api<{ token?: string }>('POST', '/auth', undefined, { transaction: xdr })).token, 'token');
};

// The JWT's `exp` is not checked here: a browser clock that is off would make every call log in
// again. The server's 401 and `token-expired` say when a token is done.
export interface Tokens {
  /** The current JWT; obtains one when there is none. */
  get(): Promise<string>;
  /** A JWT other than `stale`: one renewal shared by every caller that found the same token refused. */
  renew(stale?: string): Promise<string>;
  /** The JWT in hand, if any, without logging in. */
  peek(): string | undefined;
  clear(): void;
}

export const tokens = (obtain: () => Promise<string>): Tokens => {
  let pending: Promise<string> | undefined;
  let value: string | undefined;
  const start = () => {
    value = undefined;
    const login: Promise<string> = (pending = Promise.resolve().then(obtain).then(
      (token) => {
        if (pending === login) value = token;
        return token;
      },
      (e) => {
        if (pending === login) pending = undefined;
        throw e;
      },
    ));
    return login;
  };
  return {
    get: () => pending || start(),
    async renew(stale) {
      const current = pending;
      const token = await current?.catch(() => undefined);
      if (pending !== current && pending) return pending;
      return current && token && token !== stale ? current : start();
    },
    peek: () => value,
    clear() {
      pending = value = undefined;
    },
  };
};

/** What a call of a subscription that was closed meanwhile ends with (nobody is waiting for it). */
export const STOPPED = new BridgeError('subscription closed', 0, 'closed');

/**
 * Bearer calls on behalf of one subscription: a refused JWT (401) is renewed once, through the
 * login or getToken callback, and the call made again. Once `stopped()` the calls end with STOPPED.
 */
export const bearerCalls = (api: Http, auth: Tokens, stopped: () => boolean) => {
  let used: string | undefined; // the JWT of our last call, the one to replace when refused
  return async <T>(method: string, path: string, renew = false): Promise<T> => {
    for (;;) {
      const token = (used = await (renew ? auth.renew(used) : auth.get()));
      if (stopped()) throw STOPPED;
      try {
        const result = await api<T>(method, path, token);
        if (stopped()) throw STOPPED;
        return result;
      } catch (e) {
        if (renew || stopped() || (e as BridgeError).status !== 401) throw e;
        renew = true;
      }
    }
  };
};
