import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { Floor, ReplyGroup } from '@teahouse/protocol';
import { loadElement } from '../lazy/lazy.js';

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
  /** 置顶. */
  pinned: Floor[];
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

/**
 * A thread's live updates. The work (the stream, applying its events, the "3 条新回复" button) is
 * `<teahouse-live>`'s, whose code loads once the thread is on screen; the stream starts after the
 * thread's last event, so nothing is missed meanwhile. This controller renders that element as the
 * thread's live region, and holds what the thread needs at once and what outlives the element (a
 * change of order moves the region, which makes a new element): the floors waiting to be shown and
 * the last event seen.
 */
export class LiveController implements ReactiveController {
  /** Floors by others that arrived live, not shown yet. */
  pending: Floor[] = [];
  /** The last event seen, to resume after. */
  last: string | null = null;
  /** The page the stream and the waiting floors are for. */
  page: string | undefined;
  /** The shape the waiting floors were collected for. */
  shaped = '';

  constructor(readonly host: LiveHost, private readonly shape: () => LiveShape) {
    host.addController(this);
  }

  hostConnected(): void {
    loadElement('teahouse-live').catch(() => undefined);
  }

  /** Drops a floor from those waiting to be shown; true when it was there (and so already counted). */
  take(number: number): boolean {
    const before = this.pending.length;
    this.pending = this.pending.filter((f) => f.number !== number);
    if (this.pending.length === before) return false;
    this.host.requestUpdate();
    return true;
  }

  /** The live region, where the order puts new floors; a fresh shape updates the element with the thread. */
  render() {
    return html`<teahouse-live role="status" class="live" .controller=${this} .shape=${this.shape()}></teahouse-live>`;
  }
}
