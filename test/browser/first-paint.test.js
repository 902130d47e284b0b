// The script-tag embed paints a thread's floors from two requests: embed.js and one bootstrap.
// Everything else (the composer, the share bar, the thread's tools, live updates) is fetched once
// the floors are there.
import { expect, waitUntil } from '@open-wc/testing';

const floorsIn = (frame) => {
  const comments = frame.contentDocument?.querySelector('teahouse-comments');
  const thread = comments?.shadowRoot?.querySelector('teahouse-thread');
  return Array.from(thread?.shadowRoot?.querySelectorAll('teahouse-comment') ?? []);
};

/**
 * Opens the host page in a frame and resolves, before the frame's first paint of the floors,
 * with the frame's clock when they were first in the DOM (checked before each of its frames).
 */
function openHost(query) {
  const frame = document.createElement('iframe');
  frame.style.width = '390px';
  frame.style.height = '600px';
  frame.src = `/__teahouse/host.html?${query}`;
  const floorsAt = new Promise((resolve) => {
    const watch = () => {
      const view = frame.contentWindow;
      if (view && floorsIn(frame).length > 0) return resolve(view.performance.now());
      (view ?? window).requestAnimationFrame(watch);
    };
    frame.addEventListener('load', watch, { once: true });
  });
  document.body.append(frame);
  return { frame, floorsAt };
}

const path = (entry) => new URL(entry.name).pathname;
// The test runner's own script, which its server puts into every page it serves.
const ours = (entry) => !path(entry).startsWith('/__web-dev-server');

describe('the first paint of the embed', () => {
  it('should paint the floors after the script and the bootstrap, and fetch the rest after them', async function () {
    this.timeout(30_000);
    const { frame, floorsAt } = openHost(`v=${Date.now()}`);
    try {
      const at = await Promise.race([floorsAt, new Promise((_, reject) => setTimeout(() => reject(new Error('no floor rendered')), 20_000))]);
      expect(floorsIn(frame)[0].shadowRoot.querySelector('.label')?.textContent).to.equal('沙发');
      // What came after the floors: the composer's chunk among it (so the entries below are read
      // once the page had fetched more than the floors needed).
      await waitUntil(
        () => frame.contentDocument.querySelector('teahouse-comments').shadowRoot.querySelector('teahouse-composer')?.shadowRoot?.querySelector('.prompt'),
        'the composer did not load after the floors', { timeout: 15_000 },
      );
      const entries = frame.contentWindow.performance.getEntriesByType('resource').filter(ours);
      const before = entries.filter((e) => e.startTime < at).map(path);
      const after = entries.filter((e) => e.startTime >= at).map(path);
      expect(before).to.deep.equal(['/packages/embed/dist/embed.js', '/v1/sites/wtr/bootstrap']);
      expect(after.some((p) => /\/chunks\/teahouse-composer-[0-9a-f]+\.js$/.test(p))).to.equal(true, after.join(', '));
    } finally {
      frame.remove();
    }
  });

  it('should ask for the bootstrap while the words of a page in another language load, not after them', async function () {
    this.timeout(30_000);
    const { frame, floorsAt } = openHost(`v=${Date.now()}&lang=en`);
    try {
      const at = await Promise.race([floorsAt, new Promise((_, reject) => setTimeout(() => reject(new Error('no floor rendered')), 20_000))]);
      expect(floorsIn(frame)[0].shadowRoot.querySelector('.label')?.textContent).to.equal('#2');
      await waitUntil(() => frame.contentWindow.performance.getEntriesByType('resource').some((e) => path(e) === '/v1/sites/wtr/bootstrap'), 'no bootstrap entry');
      const before = frame.contentWindow.performance.getEntriesByType('resource').filter(ours).filter((e) => e.startTime < at);
      const bootstrap = before.find((e) => path(e) === '/v1/sites/wtr/bootstrap');
      const words = before.filter((e) => /\/chunks\/.*en-[0-9a-f]+\.js$/.test(path(e)));
      // embed.js, the English words (the catalog and the protocol's words it imports), the bootstrap.
      expect(before.map(path).filter((p) => !words.some((w) => path(w) === p))).to.deep.equal(['/packages/embed/dist/embed.js', '/v1/sites/wtr/bootstrap']);
      expect(words.length).to.be.greaterThan(0);
      expect(bootstrap.startTime).to.be.below(Math.max(...words.map((w) => w.responseEnd)));
    } finally {
      frame.remove();
    }
  });
});
