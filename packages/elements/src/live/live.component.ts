import {
  ContextConsumer, LocalizeController, TeahouseElement, clientContext, html, nothing, reactionStoreContext, sessionContext,
  type TeahouseClient, type TemplateResult,
} from '../lazy/kit.js';
import { excerpt as excerptOf, type Floor, type ThreadEvent } from '@teahouse/protocol';
import type { CommentUpdatedDetail } from '../base/teahouse-element.js';
import type { LiveController, LiveShape } from '../thread/live.js';
import { catalogs } from './messages.js';

/** A floor's new state, keeping what the event does not carry (reaction counts are joined on reads). */
const merge = (old: Floor, next: Floor): Floor => ({ ...next, reactions: next.reactions ?? old.reactions });

/**
 * Keeps a thread's floors live in every view and order: subscribes while connected, resumes after
 * the last event seen. Other readers' new floors wait behind a "3 条新回复" button so nothing moves
 * under a reader, and are revealed where the current order puts them; a new reply in the nested
 * view joins its top-level floor at once when that floor is on screen, as it lands below what the
 * reader is looking at. The viewer's own floors appear at once; edits, deletions and reaction
 * counts apply in place.
 *
 * `<teahouse-thread>` renders it as its live region, above the floors when the newest come first
 * and below them otherwise, and loads its code once the thread is on screen (the stream starts
 * after the thread's last event, so nothing is missed meanwhile). It renders into the thread's
 * shadow root, whose styles apply, and keeps what must outlive it (the floors waiting, the last
 * event) in the thread's `LiveController`: a change of order moves it, which makes a new element.
 *
 * @summary A thread's live updates and its "3 条新回复" button.
 */
export class TeahouseLive extends TeahouseElement {
  static override properties = {
    controller: { attribute: false },
    shape: { attribute: false },
  };

  private readonly l = new LocalizeController(this);
  private readonly client = new ContextConsumer(this, { context: clientContext, subscribe: true });
  private readonly session = new ContextConsumer(this, { context: sessionContext, subscribe: true });
  /** Reaction counts shown anywhere on the page (the article, 热门回复, floors) follow the events. */
  private readonly reactions = new ContextConsumer(this, { context: reactionStoreContext, subscribe: true });
  private stop: (() => void) | undefined;
  /** What the open subscription is for: client, page. */
  private key: [TeahouseClient, string] | undefined;

  /** The thread's controller, which holds the floors waiting and the last event seen. */
  declare controller: LiveController | undefined;
  /** What the floors on screen are, given afresh on every update of the thread. */
  declare shape: LiveShape | undefined;

  constructor() {
    super();
    this.controller = undefined;
    this.shape = undefined;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Connected again (the thread was moved): subscribe again from the next update.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.close();
  }

  protected override willUpdate(): void {
    const live = this.controller;
    if (!live) return;
    const { host } = live;
    if (host.page !== live.page) {
      live.page = host.page;
      live.last = host.lastEventId;
      live.pending = [];
    }
    // Another view, order or filter loads its floors afresh, and they include those waiting.
    const shaped = JSON.stringify(this.shape);
    if (shaped !== live.shaped) {
      live.shaped = shaped;
      live.pending = [];
    }
  }

  protected override updated(): void {
    const live = this.controller;
    const client = this.client.value;
    const page = live?.host.page;
    const want = live && this.isConnected && client && page ? ([client, page] as [TeahouseClient, string]) : undefined;
    if (want?.[0] === this.key?.[0] && want?.[1] === this.key?.[1]) return;
    this.close();
    if (!want) return;
    this.key = want;
    live!.host.addEventListener('teahouse-comment-updated', this.handleUpdated);
    this.stop = want[0].subscribe({ page: want[1], lastEventId: live!.last }, (event, id) => {
      live!.last = id;
      this.apply(event);
    });
  }

  private close(): void {
    this.stop?.();
    this.controller?.host.removeEventListener('teahouse-comment-updated', this.handleUpdated);
    this.stop = this.key = undefined;
  }

  /** The reader edited or deleted their own floor. */
  private handleUpdated = (event: CustomEvent<CommentUpdatedDetail>): void => this.updateFloor(event.detail.floor);

  private known(number: number): boolean {
    const { host, pending } = this.controller!;
    const has = (floors: Floor[]) => floors.some((f) => f.number === number);
    return has(host.floors) || has(pending) || host.replies.some((g) => has(g.floors));
  }

  private apply(event: ThreadEvent): void {
    const live = this.controller!;
    const { host } = live;
    if (event.type === 'floor.created') {
      const floor = event.floor;
      if (this.known(floor.number)) return;
      host.lastFloor = Math.max(host.lastFloor, floor.number);
      const { top, nested, author } = this.shape!;
      const viewer = this.session.value?.viewer?.user.id;
      if (author !== null && floor.author?.id !== author) {
        host.replyCount += 1;
      } else if (viewer && floor.author?.id === viewer) {
        host.addFloor(floor);
      } else if (nested && floor.parent !== null) {
        host.replyCount += 1;
        this.nest(floor);
      } else {
        host.replyCount += 1;
        // Hottest: a new floor has no reactions, so the ranking (score, then floor number) puts it
        // last, just like oldest first; revealing it at the end shows it where a reload would,
        // without reordering the floors the reader is in the middle of. With pages still to load,
        // new floors come with the last of them.
        if (top || host.next === null) {
          live.pending = [...live.pending, floor];
          this.requestUpdate();
        }
      }
    } else if (event.type === 'floor.updated') {
      this.updateFloor(event.floor);
    } else {
      const { target, counts } = event;
      this.reactions.value?.set(target, counts);
      // Counts only: a hottest ranking is not reordered under the reader.
      this.edit((f) => (f.number === target ? { ...f, reactions: counts } : f));
    }
  }

  /** Nested view: a reply joins the replies of its top-level floor when that floor is on screen or waiting. */
  private nest(floor: Floor): void {
    const { host, pending } = this.controller!;
    const parent = floor.parent;
    const group = host.replies.find((g) => g.root === parent || g.floors.some((f) => f.number === parent));
    const root = group?.root ?? ([...host.floors, ...pending].some((f) => f.number === parent) ? parent : null);
    if (root === null) return;
    // Replies not loaded yet come with "more", this one among them.
    if (group?.next) host.replies = host.replies.map((g) => (g === group ? { ...g, more: g.more + 1 } : g));
    else if (group) host.replies = host.replies.map((g) => (g === group ? { ...g, floors: [...g.floors, floor] } : g));
    else host.replies = [...host.replies, { root, floors: [floor], more: 0, next: null }];
  }

  /** Applies `fix` to every floor held: shown, waiting, nested replies, 热门回复 and 置顶. */
  private edit(fix: (f: Floor) => Floor): void {
    const live = this.controller!;
    const { host } = live;
    host.floors = host.floors.map(fix);
    host.replies = host.replies.map((g) => ({ ...g, floors: g.floors.map(fix) }));
    host.hot = host.hot.map(fix);
    host.pinned = host.pinned.map(fix);
    live.pending = live.pending.map(fix);
  }

  /** Applies a floor's new state wherever it shows: itself, and the quote blocks quoting it. */
  private updateFloor(next: Floor): void {
    const shown = next.status === 'published';
    const excerpt = shown ? excerptOf(next.body) : '';
    this.edit((f) => {
      if (f.number === next.number) return merge(f, next);
      if (f.quote?.number !== next.number) return f;
      return { ...f, quote: { ...f.quote, status: next.status, excerpt, author: shown ? f.quote.author : null } };
    });
  }

  /**
   * Shows the floors that arrived live where the order puts them, and moves focus to the first
   * of them: the button is gone, and keyboard and screen-reader users continue from there.
   */
  private async reveal(): Promise<void> {
    const live = this.controller!;
    const { host } = live;
    const fresh = live.pending.filter((f) => !host.floors.some((g) => g.number === f.number));
    live.pending = [];
    if (!fresh.length) return host.requestUpdate();
    const top = this.shape!.top;
    if (top) fresh.reverse();
    host.floors = top ? [...fresh, ...host.floors] : [...host.floors, ...fresh];
    await host.updateComplete;
    const first = host.findFloor(fresh[0]!.number);
    if (!first) return;
    first.tabIndex = -1;
    first.focus();
  }

  /** The "3 条新回复" button; the element itself is the live region, so screen readers hear of new floors. */
  override render(): TemplateResult | typeof nothing {
    const count = this.controller?.pending.length ?? 0;
    return count
      ? html`<button type="button" class="more new-replies" @click=${() => void this.reveal()}>${catalogs[this.l.locale].newReplies(count)}</button>`
      : nothing;
  }
}
