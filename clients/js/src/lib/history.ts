import { field } from './http.js';
import type { ActivityEvent } from './types.js';

/** One answer of `GET /events/history`. */
export interface HistoryPage {
  events: ActivityEvent[];
  /** Forward: the next page's `after` (the head once exhausted). `order=desc`: the next older page's `before`, null at the start. */
  next: string | null;
  /** The log's newest id when the page was read: a stream from there has no gap and no duplicate. */
  head?: string | null;
}

/** Query parameters of one history request (the filters are added by the caller). */
export type PageQuery = Record<string, string | number | null | undefined>;
export type FetchPage = (params: PageQuery) => Promise<HistoryPage>;

/** Events older than what a subscription holds, oldest first; `end` once the start of the log is reached. */
export interface OlderEvents {
  events: ActivityEvent[];
  end: boolean;
}

export const FORWARD_PAGE_SIZE = 500;
export const NEWEST_DEFAULT = 100;

/**
 * Reads the history forward page by page after `after`, handing each page over as it arrives, and
 * returns the id the stream must continue from (the last page's `next`: the log's head). It stops
 * at the first empty page rather than the first short one, so a server that caps `limit` below
 * ours still hands over all of its history here.
 */
export async function loadForward(
  fetchPage: FetchPage,
  after: string | null,
  onPage: (events: ActivityEvent[]) => void,
): Promise<string | null> {
  for (;;) {
    const page = await fetchPage({ after, limit: FORWARD_PAGE_SIZE });
    const events = field(page.events, 'events');
    onPage(events);
    after = page.next ?? after;
    if (!events.length) return after;
  }
}

/**
 * One page backwards: the `limit` newest events before `before` (the newest of the log when null),
 * oldest first, with the next older page's `before` (null at the start) and the log's head.
 */
export async function loadBackward(fetchPage: FetchPage, before: string | null, limit: number) {
  const page = await fetchPage({ order: 'desc', before, limit });
  return { events: field(page.events, 'events').slice().reverse(), before: page.next ?? null, head: page.head };
}
