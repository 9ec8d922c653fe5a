// The cache adapters against the real libraries: SWR's global mutate and TanStack Query's QueryClient.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryClient } from '@tanstack/query-core';
import { mutate, unstable_serialize } from 'swr';
import { cache, SWRGlobalState, subscribeCallback } from 'swr/_internal';
import { swrAdapter, tanstackAdapter } from '../dist/lib/index.js';

// The frontend's key factories (docs/events.md#cache-keys) build these keys, with JS numbers for ids.
const FRONTEND_KEYS = [
  'invoice-count', 'pool-config', ['invoice', 42], ['invoice', '42'], ['invoice', 43], ['invoice-metadata', 42],
  ['funded-invoice', 42], ['position', 'GINVESTOR', 'CTOKEN'], ['token-totals', 'CTOKEN'],
];
const EVENT_KEYS = [['invoice', '42'], ['funded-invoice', '42'], ['invoice-count'], ['position', 'GINVESTOR', 'CTOKEN']];

/**
 * Mounts a stand-in for `useSWR(key)` on SWR's default cache: it registers the same revalidation
 * callback a mounted hook registers, and records when SWR's mutate revalidates it.
 */
function mountSwrHooks(keys) {
  const [revalidators] = SWRGlobalState.get(cache);
  const revalidated = [];
  const unmount = keys.map((key) => subscribeCallback(unstable_serialize(key), revalidators, () => {
    revalidated.push(key);
    return Promise.resolve(true);
  }));
  return { revalidated, unmount: () => unmount.forEach((u) => u()) };
}

test('swrAdapter revalidates exactly the hooks of the event keys, one-element keys as strings', async () => {
  const hooks = mountSwrHooks(FRONTEND_KEYS);
  try {
    swrAdapter(mutate, { numericIds: true })(EVENT_KEYS);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(hooks.revalidated, [['invoice', 42], ['funded-invoice', 42], 'invoice-count', ['position', 'GINVESTOR', 'CTOKEN']]);
  } finally {
    hooks.unmount();
  }
});

test('swrAdapter keeps ids as strings unless numericIds is set (then numeric-keyed hooks would not match)', async () => {
  const hooks = mountSwrHooks(FRONTEND_KEYS);
  try {
    swrAdapter(mutate)([['invoice', '42'], ['invoice-count']]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(hooks.revalidated, [['invoice', '42'], 'invoice-count']);
    assert.notEqual(unstable_serialize(['invoice', '42']), unstable_serialize(['invoice', 42]));
  } finally {
    hooks.unmount();
  }
});

test('swrAdapter converts only safe integers: addresses and huge ids stay strings', () => {
  const keys = [];
  swrAdapter((k) => keys.push(k), { numericIds: true })([['position', 'GABC', 'CTOKEN'], ['invoice', '99999999999999999999'], ['invoice', '7']]);
  assert.deepEqual(keys, [['position', 'GABC', 'CTOKEN'], ['invoice', '99999999999999999999'], ['invoice', 7]]);
});

test('tanstackAdapter invalidates exactly the event keys, not the keys they prefix', async () => {
  const client = new QueryClient();
  const keys = [['invoice', 42], ['invoice', 42, 'metadata'], ['invoice', 43], ['invoices'], ['invoice-count'], ['position', 'GINVESTOR', 'CTOKEN']];
  for (const key of keys) client.setQueryData(key, { cached: true });
  tanstackAdapter(client, { numericIds: true })([['invoice', '42'], ['invoice-count'], ['position', 'GINVESTOR', 'CTOKEN']]);
  await new Promise((r) => setImmediate(r));
  const invalidated = keys.filter((key) => client.getQueryState(key).isInvalidated);
  assert.deepEqual(invalidated, [['invoice', 42], ['invoice-count'], ['position', 'GINVESTOR', 'CTOKEN']]);
  client.clear();
});

test('tanstackAdapter without numericIds matches string-keyed queries only', async () => {
  const client = new QueryClient();
  client.setQueryData(['invoice', '42'], 1);
  client.setQueryData(['invoice', 42], 2);
  tanstackAdapter(client)([['invoice', '42']]);
  await new Promise((r) => setImmediate(r));
  assert.equal(client.getQueryState(['invoice', '42']).isInvalidated, true);
  assert.equal(client.getQueryState(['invoice', 42]).isInvalidated, false);
  client.clear();
});
