// The test app: the binding from src/, with the real vue, driven by the test through window.app.
import { createApp, defineComponent, h, ref } from 'vue';
import { createBridge } from '@soroban-bridge/client';
import { bridgePlugin, useBridgeEvents, useBridgeStatus } from '../../src/index.ts';

const bridge = createBridge({ getToken: () => window.BRIDGE_TOKEN });
// Counts what the composables ask of the library.
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

/** Every field of a state, as text (the library's object as the composable passes it). */
function state(id, s) {
  if (!s) return h('dl', { id, 'data-status': 'none' });
  const { error, ...fields } = s;
  return h('dl', { id, 'data-status': s.status, 'data-json': JSON.stringify(fields) }, [
    ...Object.entries(fields).map(([k, v]) => h('div', { key: k }, [h('dt', k), h('dd', { 'data-field': k }, v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v))])),
    error && h('dd', { 'data-field': 'error' }, error.message),
  ]);
}

const filters = ref({ contract: 'invoice' });
const mounted = ref(true);

const Feed = defineComponent({
  setup() {
    // A getter that returns a new object each time it runs, equal by value: the stream must stay.
    const { events, status } = useBridgeEvents(() => filters.value && { ...filters.value }, { limit: 20 });
    return () => h('section', [
      state('feed-state', status.value),
      h('ol', { id: 'events' }, events.value.map((e) => h('li', { key: e.id, 'data-contract': e.contract }, `${e.type} #${e.invoiceId ?? '-'} ledger ${e.ledger}`))),
    ]);
  },
});

const Badge = defineComponent({
  setup() {
    const status = useBridgeStatus();
    return () => state('badge', status.value);
  },
});

const App = defineComponent({ setup: () => () => h('main', [h(Badge), mounted.value ? h(Feed) : null]) });

const app = createApp(App).use(bridgePlugin(bridge));
app.mount('#root');
window.app = {
  setFilters: (f) => (filters.value = f),
  touchFilters: () => (filters.value = { ...filters.value }), // same content, new object
  setMounted: (m) => (mounted.value = m),
};
window.unmountRoot = () => app.unmount();
