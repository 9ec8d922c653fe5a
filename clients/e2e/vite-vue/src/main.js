import { createApp } from 'vue';
import { createBridge } from '@soroban-bridge/client';
import { bridgePlugin } from '@soroban-bridge/vue';
import App from './App.vue';

// The dApp's own login gives the JWT (here the test puts it in the page).
const bridge = createBridge({ getToken: () => window.BRIDGE_TOKEN });
createApp(App).use(bridgePlugin(bridge)).mount('#root');
