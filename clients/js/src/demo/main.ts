// The demo page: logs a throwaway wallet in as soon as it loads and shows the live activity feed
// (the newest 100 events, then live; older ones on request), the indexed head and its lag, using
// nothing but the client library (and stellar-base to sign the SEP-10 challenge in the page).
// `?history=all` loads the whole history first instead, as the library did before (to compare).
import { Keypair, TransactionBuilder } from '@stellar/stellar-base';
import { createBridge, type ActivityEvent, type ConnectionState, type Filters, type Subscription } from '../lib/index.js';

const MAX_ROWS = 500; // older rows leave the page when live ones arrive; the counters still count them
const SEED_KEY = 'soroban-bridge-demo-seed';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const feed = $('feed');
const form = $<HTMLFormElement>('filters');

// A demo wallet with no funds on a simulated chain, kept in localStorage so that every tab of
// this browser is the same account and the tabs share one stream.
function demoWallet(): Keypair {
  const seed = localStorage.getItem(SEED_KEY);
  if (seed) {
    try {
      return Keypair.fromSecret(seed);
    } catch {
      // not a seed (edited by hand): make a new wallet
    }
  }
  const keypair = Keypair.random();
  localStorage.setItem(SEED_KEY, keypair.secret());
  return keypair;
}

const wallet = demoWallet();
const me = wallet.publicKey();
const short = (address: string) => `${address.slice(0, 4)}…${address.slice(-4)}`;
$('account').textContent = short(me);
$('account').title = me;

const bridge = createBridge({
  login: {
    account: me,
    // What a wallet extension does after the user confirms; the demo wallet signs at once.
    async signTransaction(xdr, { networkPassphrase }) {
      const tx = TransactionBuilder.fromXDR(xdr, networkPassphrase);
      tx.sign(wallet);
      return tx.toXDR();
    },
  },
});

/** i128 base units (7 decimals, as Stellar tokens) as a readable decimal, without losing precision. */
function units(raw: string): string {
  const negative = raw.startsWith('-');
  const digits = raw.replace('-', '').padStart(8, '0');
  const whole = digits.slice(0, -7).replace(/\B(?=(\d{3})+$)/g, ',');
  const fraction = digits.slice(-7).replace(/0+$/, '');
  return (negative ? '-' : '') + whole + (fraction ? '.' + fraction : '');
}

/** The event's amount: the first decoded field that names one (amount, principal, received, …). */
function amountOf(data: Record<string, unknown>): string {
  const key = Object.keys(data).find((k) => /amount|principal|received/.test(k) && /^-?\d+$/.test(String(data[k])));
  return key ? units(String(data[key])) : '';
}

function cell(text: string, className = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  td.className = className;
  return td;
}

function row(e: ActivityEvent, live: boolean): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.id = e.id;
  tr.className = live ? 'live fresh' : '';
  const wallets = cell('');
  for (const w of e.wallets) {
    const span = document.createElement('span');
    span.className = w === me ? 'wallet me' : 'wallet';
    span.textContent = w === me ? 'you' : short(w);
    span.title = w;
    wallets.append(span);
  }
  const delay = live ? ((Date.now() - Date.parse(e.ledgerClosedAt)) / 1000).toFixed(1) + ' s' : '—';
  tr.append(cell(e.type, 'type'), cell(e.invoiceId ?? ''), cell(amountOf(e.data), 'num'), wallets,
    cell(String(e.ledger), 'num'), cell(delay, 'num'));
  tr.title = `${e.id} · tx ${e.txHash}`;
  return tr;
}

function showState(state: ConnectionState) {
  const badge = $('state');
  badge.dataset.state = state.status;
  badge.textContent = state.status;
  const head = state.head;
  $('head').textContent = head?.ledger != null ? String(head.ledger) : '—';
  $('lag').textContent = head?.lagLedgers != null ? `${head.lagLedgers} ledger${head.lagLedgers === 1 ? '' : 's'}` : '—';
  $('last').textContent = state.lastEventId ?? '—';
  const error = $('error');
  error.hidden = !state.error;
  error.textContent = state.error ? `${state.status === 'error' ? 'Stopped' : 'Retrying'}: ${state.error.message}` : '';
}

function filtersFromUrl(): Filters {
  const q = new URLSearchParams(location.search);
  const filters: Filters = {};
  for (const name of ['invoiceId', 'wallet'] as const) {
    const value = q.get(name)?.trim();
    if (value) filters[name] = value;
    (form.elements.namedItem(name) as HTMLInputElement).value = value ?? '';
  }
  return filters;
}

let subscription: Subscription | undefined;
const older = $<HTMLButtonElement>('older');
const wholeHistory = new URLSearchParams(location.search).get('history') === 'all';
let count = 0;

function start(filters: Filters) {
  subscription?.close();
  feed.replaceChildren();
  count = 0;
  let live = 0;
  $('count').textContent = $('live').textContent = '0';
  $('empty').hidden = false;
  older.hidden = wholeHistory;
  subscription = bridge.subscribe(filters, {
    history: wholeHistory ? 'all' : undefined,
    onEvent(e, isLive) {
      feed.prepend(row(e, isLive));
      if (feed.children.length > MAX_ROWS) feed.lastElementChild!.remove();
      $('count').textContent = String(++count);
      if (isLive) $('live').textContent = String(++live);
      $('empty').hidden = true;
    },
    // The log could not resume us: start over from its history.
    onResync: () => start(filters),
    onState: showState,
  });
  showState(subscription.state);
}

older.addEventListener('click', async () => {
  const current = subscription;
  older.disabled = true;
  try {
    const page = await current!.loadOlder();
    if (current !== subscription) return; // the filter changed meanwhile
    for (const e of page.events.reverse()) feed.append(row(e, false));
    $('count').textContent = String((count += page.events.length));
    older.hidden = page.end;
  } catch (e) {
    $('error').hidden = false;
    $('error').textContent = `Could not load older events: ${(e as Error).message}`;
  } finally {
    older.disabled = false;
  }
});

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const q = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (String(value).trim()) q.set(name, String(value).trim());
  history.replaceState(null, '', q.toString() ? '?' + q : location.pathname);
  start(filtersFromUrl());
});

start(filtersFromUrl());
