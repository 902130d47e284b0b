// The part of sharing that every page with the widget runs, so it lives in the main bundle: a page
// opened through a tracked link (`?th_ref=…`) tells the server, once.
import { REFERRAL_PARAM } from '@teahouse/protocol';
import type { TeahouseClient } from '@teahouse/client';

/**
 * When the page was opened through a tracked link, records the visit (once per page load, after the
 * current task, so it never holds up the thread) and takes the code out of the address bar, so a
 * reload, a bookmark or a copied address does not carry it on.
 */
export function recordReferral(client: TeahouseClient): void {
  const url = new URL(location.href);
  const code = url.searchParams.get(REFERRAL_PARAM);
  // Once: the code leaves the address bar here, so the next widget on the page finds none.
  if (!code) return;
  url.searchParams.delete(REFERRAL_PARAM);
  history.replaceState(history.state, '', url);
  setTimeout(() => {
    // The client sends the reader's token, else the visitor token this browser keeps, if any; the
    // server tells the sharer's own visits apart by either. A visit that fails is not retried.
    client.visit({ code }).catch(() => undefined);
  });
}
