// The admin page's own script: <teahouse-moderation> is not in embed.js but one of its chunks, fetched
// through window.Teahouse once embed.js has run. site.js hands it the logged-in reader's token.
(() => {
  'use strict';

  const unavailable = document.querySelector('[data-moderation-unavailable]');

  function load() {
    const teahouse = window.Teahouse;
    if (typeof teahouse?.loadElement !== 'function') {
      unavailable.hidden = false;
      return;
    }
    teahouse.loadElement('teahouse-moderation').catch((error) => {
      console.error(error);
      unavailable.hidden = false;
    });
  }

  if (window.Teahouse) load();
  else document.querySelector('script[src$="/embed.js"]')?.addEventListener('load', load, { once: true });
})();
