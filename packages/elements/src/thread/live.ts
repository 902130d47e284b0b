import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { ContextConsumer } from '../context.js';
import { toPlainText, type Floor, type ReplyGroup, type ThreadEvent } from '@teahouse/protocol';
import type { TeahouseClient } from '@teahouse/client';
import { clientContext, sessionContext } from '../context.js';
import type { Messages } from '../i18n/messages.js';
import { reactionStoreContext } from '../reactions/store.js';

export interface LiveHost extends ReactiveControllerHost, HTMLElement {
  page: string;
  floors: Floor[];
  replyCount: number;
  lastFloor: number;
  next: string | null;
  /** The bootstrap's last event id: the stream starts right after it. */
  lastEventId: string | null;
  /** Nested view: the replies under the floors shown. */
  replies: ReplyGroup[];
  /** 热门回复. */
  hot: Floor[];
  /** Shows a floor at once in its place in the current view, counting it. */
  addFloor(floor: Floor): void;
  findFloor(number: number): HTMLElement | null;
}

/** What the floors on screen are, as far as new floors are concerned. */
export interface LiveShape {
  /** New floors belong at the top (newest first) or at the end (oldest first, hottest: a new floor ranks last). */
  top: boolean;
  nested: boolean;
  /** Only this author's floors are shown. */
  author: string | null;
}

const EXCERPT = 140;

/** A floor's new state, keeping what the event does not carry (reaction counts are joined on reads). */
const merge = (old: Floor, next: Floor): Floor => ({ ...next, reactions: next.reactions ?? old.reactions });

/**
 * Keeps a thread's floors live in every view and order: subscribes on connect, unsubscribes on
 * disconnect, resumes after the last event seen. Other readers' new floors wait behind a
 * "3 条新回复" button so nothing moves under a reader, and are revealed where the current order
 * puts them; a new reply in the nested view joins its top-level floor at once when that floor is
 * on screen, as it lands below what the reader is looking at. The viewer's own floors appear at
 * once; edits, deletions and reaction counts apply in place.
 */
export class LiveController implements ReactiveController {
  private readonly client = new ContextConsumer(this.host, { context: clientContext, subscribe: true });
  private readonly session = new ContextConsumer(this.host, { context: sessionContext, subscribe: true });
  /** Reaction counts shown anywhere on the page (the article, 热门回复, floors) follow the events. */
  private readonly reactions = new ContextConsumer(this.host, { context: reactionStoreContext, subscribe: true });
  private stop: (() => void) | undefined;
  /** What the open subscription is for: client, page. */
  private key: [TeahouseClient, string] | undefined;
  private last: string | null = null;
  private page: string | undefined;
  /** The shape the waiting floors were collected for. */
  private shaped = '';
  /** Floors by others that arrived live, not shown yet. */
  pending: Floor[] = [];

  constructor(private readonly host: LiveHost, private readonly shape: () => LiveShape) {
    host.addController(this);
    host.addEventListener('teahouse-comment-updated', (event) => this.update(event.detail.floor));
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdated(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.close();
  }

  private close(): void {
    this.stop?.();
    this.stop = this.key = undefined;
  }

  private sync(): void {
    const { host } = this;
    if (host.page !== this.page) {
      this.page = host.page;
      this.last = host.lastEventId;
      this.pending = [];
    }
    // Another view, order or filter loads its floors afresh, and they include those waiting.
    const shaped = JSON.stringify(this.shape());
    if (shaped !== this.shaped) {
      this.shaped = shaped;
      this.pending = [];
    }
    const client = this.client.value;
    const want = host.isConnected && client && host.page ? ([client, host.page] as [TeahouseClient, string]) : undefined;
    if (want?.[0] === this.key?.[0] && want?.[1] === this.key?.[1]) return;
    this.close();
    if (!want) return;
    this.key = want;
    this.stop = want[0].subscribe({ page: want[1], lastEventId: this.last }, (event, id) => {
      this.last = id;
      this.apply(event);
    });
  }

  private known(number: number): boolean {
    const has = (floors: Floor[]) => floors.some((f) => f.number === number);
    return has(this.host.floors) || has(this.pending) || this.host.replies.some((g) => has(g.floors));
  }

  private apply(event: ThreadEvent): void {
    const { host } = this;
    if (event.type === 'floor.created') {
      const floor = event.floor;
      if (this.known(floor.number)) return;
      host.lastFloor = Math.max(host.lastFloor, floor.number);
      const { top, nested, author } = this.shape();
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
          this.pending = [...this.pending, floor];
          host.requestUpdate();
        }
      }
    } else if (event.type === 'floor.updated') {
      this.update(event.floor);
    } else {
      const { target, counts } = event;
      this.reactions.value?.set(target, counts);
      // Counts only: a hottest ranking is not reordered under the reader.
      this.edit((f) => (f.number === target ? { ...f, reactions: counts } : f));
    }
  }

  /** Nested view: a reply joins the replies of its top-level floor when that floor is on screen or waiting. */
  private nest(floor: Floor): void {
    const { host } = this;
    const parent = floor.parent;
    const group = host.replies.find((g) => g.root === parent || g.floors.some((f) => f.number === parent));
    const root = group?.root ?? ([...host.floors, ...this.pending].some((f) => f.number === parent) ? parent : null);
    if (root === null) return;
    // Replies not loaded yet come with "more", this one among them.
    if (group?.next) host.replies = host.replies.map((g) => (g === group ? { ...g, more: g.more + 1 } : g));
    else if (group) host.replies = host.replies.map((g) => (g === group ? { ...g, floors: [...g.floors, floor] } : g));
    else host.replies = [...host.replies, { root, floors: [floor], more: 0, next: null }];
  }

  /** Applies `fix` to every floor held: shown, waiting, nested replies and 热门回复. */
  private edit(fix: (f: Floor) => Floor): void {
    const { host } = this;
    host.floors = host.floors.map(fix);
    host.replies = host.replies.map((g) => ({ ...g, floors: g.floors.map(fix) }));
    host.hot = host.hot.map(fix);
    this.pending = this.pending.map(fix);
  }

  /** Applies a floor's new state wherever it shows: itself, and the quote blocks quoting it. */
  private update(next: Floor): void {
    const shown = next.status === 'published';
    const text = shown ? toPlainText(next.body).replace(/\s+/g, ' ').trim() : '';
    const excerpt = text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text;
    const fix = (f: Floor): Floor => {
      if (f.number === next.number) return merge(f, next);
      if (f.quote?.number !== next.number) return f;
      return { ...f, quote: { ...f.quote, status: next.status, excerpt, author: shown ? f.quote.author : null } };
    };
    this.edit(fix);
  }

  /** Drops a floor from those waiting to be shown; true when it was there (and so already counted). */
  take(number: number): boolean {
    const before = this.pending.length;
    this.pending = this.pending.filter((f) => f.number !== number);
    if (this.pending.length === before) return false;
    this.host.requestUpdate();
    return true;
  }

  /**
   * Shows the floors that arrived live where the order puts them, and moves focus to the first
   * of them: the button is gone, and keyboard and screen-reader users continue from there.
   */
  async reveal(): Promise<void> {
    const { host } = this;
    const fresh = this.pending.filter((f) => !host.floors.some((g) => g.number === f.number));
    this.pending = [];
    if (!fresh.length) return host.requestUpdate();
    const top = this.shape().top;
    if (top) fresh.reverse();
    host.floors = top ? [...fresh, ...host.floors] : [...host.floors, ...fresh];
    await host.updateComplete;
    const first = host.findFloor(fresh[0]!.number);
    if (!first) return;
    first.tabIndex = -1;
    first.focus();
  }

  /** The "3 条新回复" button, inside a live region so screen readers hear of new floors. */
  render(m: Messages) {
    const count = this.pending.length;
    return html`<div role="status" class="live">${count
      ? html`<button type="button" class="more new-replies" @click=${() => void this.reveal()}>${m.newReplies(count)}</button>`
      : nothing}</div>`;
  }
}
