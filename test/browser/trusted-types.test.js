// The script-tag embed on a host page with a strict Content Security Policy that enforces
// Trusted Types (require-trusted-types-for 'script'; trusted-types lit-html), as
// docs/getting-started.md gives it: the widget renders, nothing is refused.
import { expect, waitUntil } from '@open-wc/testing';

/** Opens the strict host page in a frame and resolves with its window once the thread rendered. */
async function openHost(query = '') {
  const frame = document.createElement('iframe');
  frame.style.width = '390px';
  frame.style.height = '600px';
  frame.src = `/__teahouse/trusted-types.html${query}`;
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  return frame;
}

const floorsIn = (frame) => {
  const comments = frame.contentDocument.querySelector('teahouse-comments');
  const thread = comments?.shadowRoot?.querySelector('teahouse-thread');
  return Array.from(thread?.shadowRoot?.querySelectorAll('teahouse-comment') ?? []);
};

describe('the embed under a strict CSP with Trusted Types', () => {
  it('should render the thread and load its chunks with no violation', async function () {
    this.timeout(30_000);
    const frame = await openHost();
    try {
      await waitUntil(() => floorsIn(frame).length >= 3, 'the thread did not render under the policy', { timeout: 15_000 })
        .catch((error) => {
          throw new Error(`${error.message}: ${frame.contentWindow.__violations?.join(', ')} ${frame.contentDocument.body.innerHTML.slice(0, 300)}`);
        });
      const label = floorsIn(frame)[0].shadowRoot.querySelector('.label');
      expect(label.textContent).to.equal('沙发');
      // The composer and the thread's tools come from chunks next to embed.js.
      await waitUntil(
        () => frame.contentDocument.querySelector('teahouse-comments').shadowRoot.querySelector('teahouse-composer')?.shadowRoot?.querySelector('.prompt'),
        'the composer chunk did not load', { timeout: 15_000 },
      ).catch(async (error) => {
        const why = await frame.contentWindow.Teahouse.loadElement('teahouse-composer').then(() => 'loaded now', (e) => String(e?.stack ?? e));
        error.message += ` (${why})`;
        const composer = frame.contentDocument.querySelector('teahouse-comments').shadowRoot.querySelector('teahouse-composer');
        throw new Error(`${error.message}: ${frame.contentWindow.__violations?.join(', ')} defined=${!!frame.contentWindow.customElements.get('teahouse-composer')} ${composer?.shadowRoot?.innerHTML.slice(0, 200)}`);
      });
      expect(frame.contentWindow.__violations).to.deep.equal([]);
      if (frame.contentWindow.trustedTypes) expect(frame.contentWindow.trustedTypes.getPolicyNames?.() ?? ['lit-html']).to.include('lit-html');
    } finally {
      frame.remove();
    }
  });

  it("should be refused, and say so, under trusted-types 'none' where the browser enforces Trusted Types", async function () {
    this.timeout(30_000);
    if (!window.trustedTypes) this.skip();
    const frame = await openHost("?tt='none'");
    try {
      await waitUntil(() => frame.contentWindow.__violations.length > 0, 'no violation was reported', { timeout: 15_000 });
      expect(frame.contentWindow.__violations.join(' ')).to.match(/trusted-types/);
      expect(floorsIn(frame)).to.have.length(0);
    } finally {
      frame.remove();
    }
  });
});
