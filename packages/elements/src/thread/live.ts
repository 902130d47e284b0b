import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { ContextConsumer } from '../context.js';
import { toPlainText, type Floor, type ThreadEvent } from '@teahouse/protocol';
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
}

const EXCERPT = 140;

/** A floor's new state, keeping what the event does not carry (reaction counts are joined on reads). */
const merge = (old: Floor, next: Floor): Floor => ({ ...next, reactions: next.reactions ?? old.reactions });

/**
 * Keeps a thread's floors live while it shows them oldest first: subscribes on connect,
 * unsubscribes on disconnect, resumes after the last event seen. Other readers' new floors
 * wait behind a "3 条新回复" button so nothing moves under a reader; the viewer's own appear at
 * once; edits and deletions apply in place.
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
  /** Floors by others that arrived live, not shown yet. */
  pending: Floor[] = [];

  constructor(private readonly host: LiveHost, private readonly active: () => boolean) {
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
    const client = this.client.value;
    const want = host.isConnected && client && host.page && this.active() ? ([client, host.page] as [TeahouseClient, string]) : undefined;
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
    return this.host.floors.some((f) => f.number === number) || this.pending.some((f) => f.number === number);
  }

  private apply(event: ThreadEvent): void {
    const { host } = this;
    if (event.type === 'floor.created') {
      const floor = event.floor;
      if (this.known(floor.number)) return;
      host.replyCount += 1;
      host.lastFloor = Math.max(host.lastFloor, floor.number);
      const viewer = this.session.value?.viewer?.user.id;
      if (viewer && floor.author?.id === viewer) host.floors = [...host.floors, floor];
      // With pages still to load, new floors come with the last of them.
      else if (host.next === null) {
        this.pending = [...this.pending, floor];
        host.requestUpdate();
      }
    } else if (event.type === 'floor.updated') {
      this.update(event.floor);
    } else {
      const { target, counts } = event;
      this.reactions.value?.set(target, counts);
      if (host.floors.some((f) => f.number === target)) {
        host.floors = host.floors.map((f) => (f.number === target ? { ...f, reactions: counts } : f));
      }
    }
  }

  /** Applies a floor's new state wherever it shows: itself, and the quote blocks quoting it. */
  private update(next: Floor): void {
    const { host } = this;
    const shown = next.status === 'published';
    const text = shown ? toPlainText(next.body).replace(/\s+/g, ' ').trim() : '';
    const excerpt = text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text;
    const fix = (f: Floor): Floor => {
      if (f.number === next.number) return merge(f, next);
      if (f.quote?.number !== next.number) return f;
      return { ...f, quote: { ...f.quote, status: next.status, excerpt, author: shown ? f.quote.author : null } };
    };
    host.floors = host.floors.map(fix);
    this.pending = this.pending.map(fix);
  }

  /** Drops a floor from those waiting to be shown; true when it was there (and so already counted). */
  take(number: number): boolean {
    const before = this.pending.length;
    this.pending = this.pending.filter((f) => f.number !== number);
    if (this.pending.length === before) return false;
    this.host.requestUpdate();
    return true;
  }

  /** Shows the floors that arrived live. */
  reveal(): void {
    const { host } = this;
    const fresh = this.pending.filter((f) => !host.floors.some((g) => g.number === f.number));
    this.pending = [];
    host.floors = [...host.floors, ...fresh];
  }

  /** The "3 条新回复" button, inside a live region so screen readers hear of new floors. */
  render(m: Messages) {
    const count = this.pending.length;
    return html`<div role="status" class="live">${count
      ? html`<button type="button" class="more new-replies" @click=${() => this.reveal()}>${m.newReplies(count)}</button>`
      : nothing}</div>`;
  }
}
