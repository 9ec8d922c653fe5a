import { field } from './http.js';
import type { ActivityEvent } from './types.js';

export interface HistoryPage {
  events: ActivityEvent[];
  next: string | null;
}

export const PAGE_SIZE = 500;

/**
 * Reads /events/history page by page after `after`, handing each page over as it arrives, and
 * returns the id the stream must continue from (the last page's `next`: the log's head). It stops
 * at the first empty page rather than the first short one, so a server that caps `limit` below
 * ours still hands over all of its history here.
 */
export async function loadHistory(
  fetchPage: (after: string | null) => Promise<HistoryPage>,
  after: string | null,
  onPage: (events: ActivityEvent[]) => void,
): Promise<string | null> {
  for (;;) {
    const page = await fetchPage(after);
    const events = field(page.events, 'events');
    onPage(events);
    after = page.next ?? after;
    if (!events.length) return after;
  }
}
