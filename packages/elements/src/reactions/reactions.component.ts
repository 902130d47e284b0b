import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { HttpError } from '@teahouse/client';
import { DEFAULT_REACTIONS, isHttpUrl, type ReactionCounts, type ReactionOption, type ReactionState, type ReactionWho } from '@teahouse/protocol';
import { TeahouseElement } from '../base/teahouse-element.js';
import { ContextConsumer, clientContext, sessionContext, threadContext } from '../context.js';
import { errorMessage } from '../i18n/errors.js';
import { LocalizeController } from '../i18n/localize.js';
import { ThreadStore } from '../thread/store.js';
import { storeVisitor, storedVisitor } from './visitor.js';
import { styles } from './reactions.styles.js';

/**
 * Reaction buttons for one target: the article (`target` 1) or a floor. Each is a toggle button
 * (`aria-pressed`) whose accessible name carries its count. A press shows at once and is undone,
 * with a message, when the server refuses it. Readers who are not signed in are asked to log in,
 * unless the site allows anonymous reactions. Where the site shows who reacted, a button with a
 * count has a disclosure button that loads the first page of names when opened.
 *
 * @summary Reaction buttons (牛逼 / 垃圾, or the site's set) for the article or a floor.
 * @fires teahouse-login-request - A reader who is not signed in pressed a button on a site that wants a sign-in; cancelable, detail `{loginUrl, action: 'login'}`.
 * @csspart base - The row of buttons.
 * @csspart button - Each reaction button.
 * @cssproperty --teahouse-reactions-accent - Pressed button colour (falls back to `--teahouse-sys-accent`).
 * @cssproperty --teahouse-reactions-border - Button and bar border.
 * @cssproperty --teahouse-reactions-muted - Unpressed text in the compact row.
 */
export class TeahouseReactions extends TeahouseElement {
  static override styles = styles;
  private readonly l = new LocalizeController(this);
  private readonly client = new ContextConsumer(this, clientContext);
  private readonly session = new ContextConsumer(this, sessionContext);
  /** The counts of the thread around the element, where every target is kept in step. */
  private readonly shared = new ContextConsumer(this, threadContext);
  private readonly own = new ThreadStore();

  /** Presses sent and not answered yet. */
  @state() private pending = 0;
  @state() private message: string | null = null;
  /** The open list of who reacted: its key, and the names once loaded. */
  @state() private who: { key: string; label: string; data?: ReactionWho } | null = null;
  private queue: Promise<void> = Promise.resolve();
  private sent = 0;
  /** The server's last word on this target, to fall back to when a press is refused. */
  private truth: { counts: ReactionCounts; mine: readonly string[] } | undefined;
  private watched: ThreadStore | undefined;
  private unwatch: (() => void) | undefined;

  /** Floor number reacted to; 1 is the article. */
  @property({ type: Number }) target = 1;
  /** Counts to show until the shared state knows the target (e.g. from the floor). */
  @property({ attribute: false }) counts: ReactionCounts | undefined = undefined;
  /** Text buttons for a floor's action row, instead of the article's pills. */
  @property({ type: Boolean, reflect: true }) compact = false;

  private get store(): ThreadStore {
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

  private get options(): readonly ReactionOption[] {
    return this.session.value?.site.reactions?.options ?? DEFAULT_REACTIONS;
  }

  private label(option: ReactionOption): string {
    return option.labels[this.l.locale] ?? option.labels.en ?? option.key;
  }

  private handleToggle(option: ReactionOption): void {
    const client = this.client.value;
    const session = this.session.value;
    if (!client || !session) return;
    const { m } = this.l;
    const anonymous = !session.viewer;
    if (anonymous && !session.site.reactions?.anonymous) {
      this.message = m.reactLogin;
      const loginUrl = session.site.loginUrl;
      if (this.emit('teahouse-login-request', { loginUrl, action: 'login' }, true) && loginUrl) location.assign(loginUrl);
      return;
    }

    const store = this.store;
    const target = this.target;
    const counts = this.shownCounts();
    const mine = store.mine(target);
    if (this.pending === 0) this.truth = { counts, mine };
    const on = !mine.includes(option.key);
    // What the server will do, shown before it answers: an exclusive group loses its other key.
    const next: ReactionCounts = { ...counts };
    const bump = (key: string, delta: number) => (next[key] = Math.max(0, (next[key] ?? 0) + delta));
    const dropped = on && option.group !== null
      ? mine.filter((key) => key !== option.key && this.options.find((o) => o.key === key)?.group === option.group)
      : on ? [] : [option.key];
    for (const key of dropped) bump(key, -1);
    if (on) bump(option.key, 1);
    store.setCounts(target, next, [...mine.filter((key) => !dropped.includes(key)), ...(on ? [option.key] : [])]);
    this.message = null;
    // The names no longer match the counts.
    this.who = null;
    this.pending += 1;

    const url = target === 1 && isHttpUrl(session.pageUrl) ? session.pageUrl : undefined;
    const input = {
      page: session.page, target, key: option.key, on,
      ...(url ? { url } : {}), ...(target === 1 && session.pageTitle ? { title: session.pageTitle.slice(0, 300) } : {}),
    };
    const visitor = async () => storeVisitor(session.site.id, (await client.visitor()).token);
    const send = async (): Promise<ReactionState> => {
      if (anonymous && !storedVisitor(session.site.id)) await visitor();
      try {
        return await client.react(input);
      } catch (error) {
        // A visitor token that expired or belongs to an old secret: get a new one, once.
        if (!anonymous || !(error instanceof HttpError) || error.status !== 401) throw error;
        await visitor();
        return client.react(input);
      }
    };
    // Presses are sent in order; only the last one's answer is shown, so quick presses never flicker.
    const seq = ++this.sent;
    this.queue = this.queue.then(async () => {
      try {
        const state = await send();
        this.truth = { counts: state.counts, mine: state.mine };
        if (seq === this.sent) store.setCounts(target, state.counts, state.mine);
      } catch (error) {
        if (seq !== this.sent) return;
        if (this.truth) store.setCounts(target, this.truth.counts, this.truth.mine);
        const code = error instanceof HttpError ? error.code : undefined;
        this.message = code === 'forbidden'
          ? m.reactRefused
          : code === 'unauthorized' || !(error instanceof HttpError) ? errorMessage(m, error) : m.reactFailed;
      } finally {
        this.pending -= 1;
      }
    });
  }

  private async toggleWho(key: string, label: string): Promise<void> {
    const client = this.client.value;
    const session = this.session.value;
    if (this.who?.key === key) return void (this.who = null);
    if (!client || !session) return;
    const who = (this.who = { key, label });
    this.message = null;
    try {
      const data = await client.who({ page: session.page, target: this.target, key });
      // A list closed or switched to another key while loading stays as the reader left it.
      if (this.who === who) this.who = { ...who, data };
    } catch {
      if (this.who === who) {
        this.who = null;
        this.message = this.l.m.whoFailed;
      }
    }
  }

  private closeWho(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this.who) return;
    // Closing is all this Escape does: a dialog around the widget stays open.
    event.stopPropagation();
    this.who = null;
  }

  private shownCounts(): ReactionCounts {
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
        @keydown=${this.closeWho}>
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
