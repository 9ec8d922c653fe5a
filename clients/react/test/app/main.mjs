// The test app: the binding from src/, with the real react and react-dom (development build, so
// StrictMode mounts, unmounts and mounts again), driven by the test through window.app.
import { StrictMode, createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createBridge } from '@soroban-bridge/client';
import { BridgeProvider, useBridgeEvents, useBridgeStatus } from '../../src/index.ts';

const bridge = createBridge({ getToken: () => window.BRIDGE_TOKEN });
// Counts what the hooks ask of the library, to tell StrictMode's double mount from a leak.
const calls = (window.calls = { subscribe: 0, close: 0, subs: [] });
const subscribe = bridge.subscribe;
bridge.subscribe = (filters, options) => {
  calls.subscribe++;
  const sub = subscribe(filters, options);
  calls.subs.push(sub);
  const close = sub.close;
  sub.close = () => {
    calls.close++;
    close();
  };
  return sub;
};
window.seen = [];

/** Every field of a state, as text (the library's object as the hook passes it). */
function State({ id, state }) {
  if (!state) return h('dl', { id, 'data-status': 'none' });
  const { error, ...fields } = state;
  return h('dl', { id, 'data-status': state.status, 'data-json': JSON.stringify(fields) },
    Object.entries(fields).map(([k, v]) => h('div', { key: k }, h('dt', null, k), h('dd', { 'data-field': k }, v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v)))),
    error && h('dd', { 'data-field': 'error' }, error.message));
}

function Feed({ filters, tag }) {
  const { events, status } = useBridgeEvents(filters, {
    limit: 20,
    onEvent: (e, live) => window.seen.push({ id: e.id, type: e.type, contract: e.contract, live, tag }), // `tag` changes without a resubscribe
  });
  return h('section', null,
    h(State, { id: 'feed-state', state: status }),
    h('ol', { id: 'events' }, events.map((e) => h('li', { key: e.id, 'data-contract': e.contract }, `${e.type} #${e.invoiceId ?? '-'} ledger ${e.ledger}`))));
}

function Badge() {
  return h(State, { id: 'badge', state: useBridgeStatus() });
}

function App() {
  const [filters, setFilters] = useState({ contract: 'invoice' });
  const [tag, setTag] = useState('a');
  const [mounted, setMounted] = useState(true);
  const [, setRenders] = useState(0);
  window.app = { setFilters, setTag, setMounted, rerender: () => setRenders((n) => n + 1) };
  // A new filters object on every render, equal by value: the hook must keep its stream.
  return h('main', null, h(Badge), mounted && h(Feed, { filters: filters && { ...filters }, tag }));
}

const root = createRoot(document.getElementById('root'));
root.render(h(StrictMode, null, h(BridgeProvider, { bridge }, h(App))));
window.unmountRoot = () => root.unmount();
