import {
  ContextConsumer, LocalizeController, TeahouseElement, clientContext, html, nothing, state,
  type CSSResult, type TemplateResult,
} from '../../lazy/kit.js';
import type { StickerList } from '@teahouse/protocol';
import { EMOJI } from './emoji-data.js';
import { catalogs, type EmojiMessages } from './messages.js';
import { styles } from './emoji-panel.styles.js';

/** What the reader picked: the text to insert, a Unicode emoji or a sticker's `:pack/name:`. */
export interface EmojiPickDetail { text: string }
/** The reader closed the panel with Escape; nothing was picked. */
export type EmojiCloseDetail = Record<string, never>;

declare module '../../base/teahouse-element.js' {
  interface TeahouseEventMap {
    'teahouse-emoji-pick': CustomEvent<EmojiPickDetail>;
    'teahouse-emoji-close': CustomEvent<EmojiCloseDetail>;
  }
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * The sticker list as the server sends it, checked by hand: the panel's chunk takes no schema
 * library of its own, and a name that fails here never becomes part of an image's path.
 */
const stickerList = {
  safeParse(data: unknown): { success: true; data: StickerList } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } {
    const packs = (data as { packs?: unknown } | null)?.packs;
    const ok = Array.isArray(packs) && packs.every((pack: { name?: unknown; stickers?: unknown }) =>
      typeof pack?.name === 'string' && NAME.test(pack.name) && Array.isArray(pack.stickers)
      && pack.stickers.every((s: { name?: unknown }) => typeof s?.name === 'string' && NAME.test(s.name)));
    return ok ? { success: true, data: data as StickerList } : { success: false, error: { issues: [{ path: ['packs'], message: 'not a sticker list' }] } };
  },
};

/**
 * The 表情 panel of the composer: Unicode emoji and the site's sticker packs, as a grid of buttons
 * that the arrow keys move through (Home and End to the ends), Enter or Space picks from and
 * Escape closes; focus stays on one button at a time (a single tab stop). Loaded with its own chunk the first time the composer's 表情 button is pressed.
 *
 * @summary Emoji and sticker picker.
 * @tagname teahouse-emoji-panel
 * @fires {CustomEvent<EmojiPickDetail>} teahouse-emoji-pick - The reader picked an emoji or a sticker; detail `{text}`.
 * @fires {CustomEvent<EmojiCloseDetail>} teahouse-emoji-close - The reader pressed Escape; detail `{}`.
 * @csspart base - The panel's box.
 * @cssproperty --teahouse-emoji-border - The panel's border.
 */
export class TeahouseEmojiPanel extends TeahouseElement {
  static override styles: CSSResult[] = styles;
  private readonly l = new LocalizeController(this);
  private readonly client = new ContextConsumer(this, clientContext);

  /** The site's packs once they arrived; none until then, or when the site has none. */
  @state() private packs: StickerList['packs'] = [];
  /** The index of the button that takes focus (roving tabindex). */
  @state() private current = 0;
  /** What each button inserts, in the order of the buttons. */
  private items: string[] = [];

  private get em(): EmojiMessages {
    return catalogs[this.l.locale];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const client = this.client.value;
    // Unicode emoji need nothing from the server; stickers join them when their list arrives.
    client?.request(stickerList, 'GET', '/v1/sites/{site}/stickers').then((list) => (this.packs = list.packs), () => {});
  }

  private get buttons(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button')];
  }

  private move(to: number): void {
    const buttons = this.buttons;
    const index = Math.max(0, Math.min(buttons.length - 1, to));
    this.current = index;
    buttons[index]?.focus();
  }

  /** The button in the next row up or down whose centre is nearest: rows differ in length between sections. */
  private vertical(from: number, down: boolean): number {
    const buttons = this.buttons;
    const here = buttons[from]!.getBoundingClientRect();
    const centre = here.left + here.width / 2;
    let row: number | null = null;
    let best = from;
    let distance = Infinity;
    buttons.forEach((button, i) => {
      const box = button.getBoundingClientRect();
      const ahead = down ? box.top >= here.bottom - 1 : box.bottom <= here.top + 1;
      if (!ahead) return;
      if (row === null || (down ? box.top < row : box.top > row)) {
        row = box.top;
        distance = Infinity;
      }
      if (box.top !== row) return;
      const d = Math.abs(box.left + box.width / 2 - centre);
      if (d < distance) {
        distance = d;
        best = i;
      }
    });
    return best;
  }

  private handleKeydown(event: KeyboardEvent): void {
    const at = this.current;
    const keys: Record<string, () => number> = {
      ArrowRight: () => at + 1,
      ArrowLeft: () => at - 1,
      ArrowDown: () => this.vertical(at, true),
      ArrowUp: () => this.vertical(at, false),
      Home: () => 0,
      End: () => this.buttons.length - 1,
    };
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.emit('teahouse-emoji-close', {});
      return;
    }
    // Picked here rather than by the button's own click on the key, so a press never picks twice.
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const text = this.items[at];
      if (text !== undefined) this.pick(text, at);
      return;
    }
    const next = keys[event.key];
    if (!next) return;
    event.preventDefault();
    this.move(next());
  }

  private pick(text: string, index: number): void {
    this.current = index;
    this.emit('teahouse-emoji-pick', { text });
  }

  /** Moves focus into the panel, to the button last focused (the first one at first). */
  override focus(): void {
    this.move(this.current);
  }

  override render(): TemplateResult {
    const { em } = this;
    const stickers = this.client.value && `${this.client.value.origin}/v1/sites/${this.client.value.site}/stickers/`;
    const items: string[] = (this.items = []);
    const button = (text: string, content: TemplateResult | string, label: string | typeof nothing, extra = '') => {
      const i = items.push(text) - 1;
      return html`<button type="button" class=${extra} tabindex=${i === this.current ? 0 : -1} aria-label=${label}
        @click=${() => this.pick(text, i)} @focus=${() => (this.current = i)}>${content}</button>`;
    };
    return html`
      <div part="base" role="dialog" aria-label=${em.title} @keydown=${this.handleKeydown}>
        <h3 id="unicode">${em.unicode}</h3>
        <div class="grid" role="group" aria-labelledby="unicode">${EMOJI.map((e) => button(e, e, nothing))}</div>
        ${this.packs.map((pack) => html`
          <h3 id="pack-${pack.name}">${pack.name}</h3>
          <div class="grid" role="group" aria-labelledby="pack-${pack.name}">
            ${pack.stickers.map((s) => button(`:${pack.name}/${s.name}:`,
              html`<img src=${`${stickers}${pack.name}/${s.name}`} alt="" loading="lazy" />`, em.sticker(pack.name, s.name), 'sticker'))}
          </div>
        `)}
      </div>
    `;
  }
}
