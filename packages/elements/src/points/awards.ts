import type { ReactiveController, ReactiveControllerHost } from '../lazy/kit.js';
import type { ThreadStore } from '../thread/store.js';

/** The thread whose live floors carry the reader's share awards, when the element sits inside `<teahouse-comments>`. */
export interface AwardStream {
  store: ThreadStore;
  /** The signed-in reader's `Author.id`. */
  viewer: string;
}

/** Page events after which the reader's balance may have changed. */
const EVENTS = ['teahouse-comment-created', 'teahouse-award'] as const;

/**
 * Calls `refresh` when an award may have reached the reader:
 * - a share award announced in the thread (a `share_award` floor by the reader arriving live in
 *   the thread's store: no stream of its own), while the element is inside `<teahouse-comments>`;
 * - the reader posted a reply (`teahouse-comment-created`, which earns the reply rule) or an
 *   element announced an award (`teahouse-award`) anywhere on the page;
 * - the page becomes visible again: visits to a shared link, reactions to the reader's replies and
 *   awards on other pages happen while the reader is elsewhere.
 */
export class AwardWatcher implements ReactiveController {
  private stop: (() => void) | undefined;
  private open: AwardStream | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly stream: () => AwardStream | undefined,
    private readonly refresh: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const name of EVENTS) document.addEventListener(name, this.handleEvent);
    document.addEventListener('visibilitychange', this.handleVisibility);
  }

  hostUpdated(): void {
    const want = this.host.isConnected ? this.stream() : undefined;
    const open = this.open;
    if (want?.store === open?.store && want?.viewer === open?.viewer) return;
    this.close();
    if (!want) return;
    this.open = want;
    // From now on: the element loads the balance itself when it starts.
    this.stop = want.store.onArrival((floor) => {
      if (floor.kind === 'share_award' && floor.author?.id === want.viewer) this.refresh();
    });
  }

  hostDisconnected(): void {
    for (const name of EVENTS) document.removeEventListener(name, this.handleEvent);
    document.removeEventListener('visibilitychange', this.handleVisibility);
    this.close();
  }

  private close(): void {
    this.stop?.();
    this.stop = this.open = undefined;
  }

  private handleEvent = (): void => this.refresh();

  private handleVisibility = (): void => {
    if (document.visibilityState === 'visible') this.refresh();
  };
}
