/**
 * The script-tag entry: `<script src=".../embed.js" data-site="demo" async></script>`.
 * Puts `{init, version}` on `window.Teahouse` and mounts one widget per script tag.
 */
import Teahouse, { init, type TeahouseInstance } from './index.js';

declare global {
  interface Window {
    Teahouse?: typeof Teahouse;
  }
}

const MOUNTED = 'data-teahouse-mounted';

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset['site'] !== undefined) {
    return current.hasAttribute(MOUNTED) ? null : current;
  }
  // Async and module scripts have no currentScript: take the first tag not yet mounted.
  return document.querySelector<HTMLScriptElement>(`script[data-site][src*="embed"]:not([${MOUNTED}])`);
}

function mountFrom(script: HTMLScriptElement): TeahouseInstance | undefined {
  const data = script.dataset;
  const site = data['site'];
  if (!site) return undefined;

  let el = document.getElementById('teahouse');
  if (!el || el.hasAttribute(MOUNTED)) {
    el = document.createElement('div');
    el.className = 'teahouse';
    if (script.parentElement === document.head) document.body.append(el);
    else script.after(el);
  }
  el.setAttribute(MOUNTED, '');

  return init({
    el,
    site,
    server: data['server'] || new URL(script.src, location.href).origin,
    page: data['page'] || undefined,
    pageUrl: data['pageUrl'] || undefined,
    pageTitle: data['pageTitle'] || undefined,
    lang: data['lang'] || undefined,
    theme: (data['theme'] as 'light' | 'dark' | 'auto' | undefined) || undefined,
    loading: data['loading'] === 'eager' ? 'eager' : undefined,
  });
}

window.Teahouse ??= Teahouse;

// Article lists show counts (<teahouse-count>) without a widget: their code comes when the page has one.
const countsWanted = () => {
  if (document.querySelector('teahouse-count')) Teahouse.loadElement('teahouse-count').catch(() => undefined);
};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', countsWanted, { once: true });
else countsWanted();

const script = findScript();
if (script) {
  // Claimed at once, so a second copy of this bundle running before DOMContentLoaded skips it.
  script.setAttribute(MOUNTED, '');
  const start = () => {
    try {
      mountFrom(script);
    } catch (error) {
      console.error(error);
    }
  };
  // A script in <head> runs before the body (and #teahouse) exists.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}
