// Reads what the demo page shows, for tests against the fake bridge and against the real product.

/** The feed as the user sees it: row ids newest first, which rows arrived live, and the counter. */
export async function readFeed(page) {
  return page.evaluate(() => ({
    ids: [...document.querySelectorAll('#feed tr')].map((tr) => tr.dataset.id),
    live: [...document.querySelectorAll('#feed tr')].map((tr) => tr.classList.contains('live')),
    count: document.getElementById('count').textContent,
  }));
}
