import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { DEFAULT_REACTIONS, type ReactionCounts, type ReactionOption, type ReactionWho } from '@teahouse/protocol';
import { TeahouseElement } from '../base/teahouse-element.js';
import { ContextConsumer, clientContext, sessionContext, threadContext } from '../context.js';
import { LocalizeController } from '../i18n/localize.js';
import { loadModule, loadedModule } from '../lazy/lazy.js';
import { ThreadStore } from '../thread/store.js';
import { styles } from './reactions.styles.js';

type Press = typeof import('./press/press.js');

/**
 * Reaction buttons for one target: the article (`target` 1) or a floor. Each is a toggle button
 * (`aria-pressed`) whose accessible name carries its count. A press shows at once and is undone,
 * with a message, when the server refuses it. Readers who are not signed in are asked to log in,
 * unless the site allows anonymous reactions. Where the site shows who reacted, a button with a
 * count has a disclosure button that loads the first page of names when opened.
 *
 * @summary Reaction buttons (牛逼 / 垃圾, or the site's set) for the article or a floor.
 * @tagname teahouse-reactions
 * @fires {CustomEvent<LoginRequestDetail>} teahouse-login-request - A reader who is not signed in pressed a button on a site that wants a sign-in; cancelable, detail `{loginUrl, action: 'login'}`.
 * @csspart base - The row of buttons.
 * @csspart button - Each reaction button.
 * @cssproperty --teahouse-reactions-accent - Pressed button colour (falls back to `--teahouse-sys-accent`).
 * @cssproperty --teahouse-reactions-border - Button and bar border.
 * @cssproperty --teahouse-reactions-muted - Unpressed text in the compact row.
 */
export class TeahouseReactions extends TeahouseElement {
  static override styles = styles;
  /** @internal What the press module (reactions/press) works with. */
  readonly l = new LocalizeController(this);
  /** @internal */
  readonly client = new ContextConsumer(this, clientContext);
  /** @internal */
  readonly session = new ContextConsumer(this, sessionContext);
  /** The counts of the thread around the element, where every target is kept in step. */
  private readonly shared = new ContextConsumer(this, threadContext);
  private readonly own = new ThreadStore();

  /** @internal Presses sent and not answered yet. */
  @state() pending = 0;
  /** @internal */
  @state() message: string | null = null;
  /** @internal The open list of who reacted: its key, and the names once loaded. */
  @state() who: { key: string; label: string; data?: ReactionWho } | null = null;
  private watched: ThreadStore | undefined;
  private unwatch: (() => void) | undefined;

  /** Floor number reacted to; 1 is the article. */
  @property({ type: Number }) target = 1;
  /** Counts to show until the shared state knows the target (e.g. from the floor). */
  @property({ attribute: false }) counts: ReactionCounts | undefined = undefined;
  /** Text buttons for a floor's action row, instead of the article's pills. */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** @internal */
  get store(): ThreadStore {
    return this.shared.value ?? this.own;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A moved element watches the shared state again from its next update.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatch?.();
    this.watched = this.unwatch = undefined;
  }

  protected override willUpdate(): void {
    const store = this.store;
    if (store !== this.watched) {
      this.unwatch?.();
      this.watched = store;
      this.unwatch = store.subscribe(() => this.requestUpdate());
    }
  }

  /** @internal */
  get options(): readonly ReactionOption[] {
    return this.session.value?.site.reactions?.options ?? DEFAULT_REACTIONS;
  }

  /** @internal */
  label(option: ReactionOption): string {
    return option.labels[this.l.locale] ?? option.labels.en ?? option.key;
  }

  /** A press, its code fetched when the reader first points at or focuses the bar (or presses at once). */
  private async handleToggle(option: ReactionOption): Promise<void> {
    // Shown at once when the code is there, as it is once the reader has pointed at the bar.
    const ready = loadedModule('teahouse-reactions-press') as Press | undefined;
    (ready ?? (await this.loadPress()))?.press(this, option);
  }

  private async toggleWho(key: string, label: string): Promise<void> {
    const ready = loadedModule('teahouse-reactions-press') as Press | undefined;
    await (ready ?? (await this.loadPress()))?.toggleWho(this, key, label);
  }

  private loadPress(): Promise<Press | undefined> {
    return loadModule('teahouse-reactions-press').then((module) => module as Press, () => {
      this.message = this.l.m.errors.unknown;
      return undefined;
    });
  }

  /** The reader may press soon: the press's code is fetched now. */
  private warm = (): void => void loadModule('teahouse-reactions-press').catch(() => undefined);

  private closeWho(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this.who) return;
    // Closing is all this Escape does: a dialog around the widget stays open.
    event.stopPropagation();
    this.who = null;
  }

  /** @internal */
  shownCounts(): ReactionCounts {
    return this.store.counts(this.target) ?? this.counts ?? {};
  }

  override render() {
    const counts = this.shownCounts();
    const mine = this.store.mine(this.target);
    const { m } = this.l;
    const showWho = this.session.value?.site.reactions?.showWho;
    const open = this.who;
    // The list shows once its names have arrived; the button says it is open from the press.
    const data = open?.data;
    return html`
      <div part="base" role="group" aria-label=${m.reactions} aria-busy=${this.pending > 0 ? 'true' : 'false'}
        @keydown=${this.closeWho} @pointerover=${this.warm} @focusin=${this.warm}>
        ${this.options.map((option) => {
          const pressed = mine.includes(option.key);
          const label = this.label(option);
          const expanded = open?.key === option.key;
          return html`<button type="button" part="button" class=${pressed ? 'on' : ''} aria-pressed=${pressed ? 'true' : 'false'}
            @click=${() => this.handleToggle(option)}>${option.emoji
              ? html`<span aria-hidden="true">${option.emoji}</span><span class=${this.compact ? 'visually-hidden' : ''}>${label}</span>`
              : label} <span class="count">${counts[option.key] ?? 0}</span></button>${showWho && (counts[option.key] ?? 0) > 0
              ? html`<button type="button" class="who" aria-expanded=${expanded ? 'true' : 'false'} aria-controls=${
                expanded && data ? 'who' : nothing} aria-label=${m.whoOf(label)} @click=${() => this.toggleWho(option.key, label)}>${m.who}</button>`
              : ''}`;
        })}
        ${data && counts[open!.key] ? html`<ul id="who" aria-label=${m.whoOf(open!.label)}>${
          data.users.map((u) => html`<li><bdi>${u.name}</bdi></li>`)}${
          data.total > data.users.length ? html`<li>${m.whoMore(data.total - data.users.length)}</li>` : ''}</ul>` : ''}
        <span class="message" role="status">${this.message ?? ''}</span>
      </div>
    `;
  }
}
