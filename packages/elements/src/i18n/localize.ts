import { isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { resolveLocale, type Locale } from '@teahouse/protocol';
import { catalogOf } from './catalogs.js';
import type { Messages } from './messages.js';

export { resolveLocale };

/** The `lang` in effect for an element: its own, else the closest ancestor's across shadow roots. */
export function langOf(element: Element): string {
  let node: Element | null = element;
  while (node) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null);
  }
  return isServer ? '' : document.documentElement.lang;
}

const MINUTE = 60;
// Building an Intl formatter costs far more than using one, and a thread formats every floor.
const formats = new Map<string, Intl.RelativeTimeFormat>();
function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  return format;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400], ['month', 30 * 86400], ['day', 86400], ['hour', 3600], ['minute', MINUTE],
];

/**
 * Follows the host page's `lang` (the element's own attribute, else the closest ancestor's, else
 * `<html lang>`) and re-renders its element when the element's or the document's `lang` changes.
 */
export class LocalizeController implements ReactiveController {
  private observer: MutationObserver | undefined;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    // Rendered on the server (Lit SSR) there is no document to watch.
    if (isServer) return;
    this.observer = new MutationObserver(() => this.host.requestUpdate());
    const options = { attributes: true, attributeFilter: ['lang'] };
    this.observer.observe(this.host, options);
    this.observer.observe(document.documentElement, options);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
  }

  /** The locale in effect. */
  get locale(): Locale {
    return resolveLocale(langOf(this.host));
  }

  /** The messages of the locale in effect (elements render once they have arrived, see TeahouseElement). */
  get m(): Messages {
    return catalogOf(this.locale);
  }

  /** Floor label: 沙发, 板凳, 地板, N楼 (zh-CN), 沙發… N樓 (zh-TW), #N (en). */
  floor(number: number): string {
    return this.m.floor(number);
  }

  /** "2 小时前" / "2 hours ago". */
  relative(iso: string, now = Date.now()): string {
    const seconds = Math.round((Date.parse(iso) - now) / 1000);
    const format = relativeFormat(this.locale);
    for (const [unit, size] of UNITS) {
      if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
    }
    return format.format(0, 'second');
  }

  /** In the reader's time zone: "2026-11-24 09:46" in Chinese, as forum pages show it; the locale's own format otherwise. */
  absolute(iso: string): string {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    const pad = (n: number) => String(n).padStart(2, '0');
    return this.locale === 'en'
      ? date.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' })
      : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }
}
