// A dApp page as a React team would write it with the packed packages: a live feed for the filter
// in the URL (?contract=pool), its status, and the provider's overall status.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBridge } from '@soroban-bridge/client';
import { BridgeProvider, useBridgeEvents, useBridgeStatus } from '@soroban-bridge/react';

// The dApp's own login gives the JWT (here the test puts it in the page).
const bridge = createBridge({ getToken: () => window.BRIDGE_TOKEN });
const filters = Object.fromEntries(new URLSearchParams(location.search));

function Status({ id, state }) {
  if (!state) return <p id={id} data-status="none">idle</p>;
  return (
    <p id={id} data-status={state.status}>
      {state.status}
      {state.head && <span className="head"> · ledger {state.head.ledger}, {state.head.lagLedgers} behind</span>}
      {state.lastEventAt && <span className="last-event"> · last event {new Date(state.lastEventAt).toISOString()}</span>}
      {state.lastError && <span className="last-error"> · {state.lastError.message}</span>}
    </p>
  );
}

function Feed() {
  const { events, status } = useBridgeEvents(filters, { limit: 50 });
  return (
    <section>
      <Status id="feed-status" state={status} />
      <ol id="events">
        {events.slice().reverse().map((e) => (
          <li key={e.id} data-id={e.id} data-contract={e.contract}>{e.type} #{e.invoiceId ?? '-'} ledger {e.ledger}</li>
        ))}
      </ol>
    </section>
  );
}

function App() {
  return (
    <main>
      <h1>Live activity</h1>
      <Status id="badge" state={useBridgeStatus()} />
      <Feed />
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <BridgeProvider bridge={bridge}><App /></BridgeProvider>
  </StrictMode>,
);
