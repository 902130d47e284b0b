import type { ThreadChange } from '../hub.js';

/** A change as it travels between instances: the thread, and the instance that made it. */
export interface FanoutChange extends ThreadChange {
  /** The thread's id; absent for a page whose thread does not exist. */
  id?: string | undefined;
}

/** Whether changes made by other instances arrive by message (`pubsub`) or must be polled for. */
export type FanoutState = 'pubsub' | 'polling';

/**
 * The channel between instances: every change committed here is published once, and every
 * change another instance published arrives through `onChange`. While it cannot deliver
 * (`state` is `polling`) the hub polls the database instead; `onState` says when that changes.
 */
export interface Fanout {
  readonly state: FanoutState;
  /** Sends the change to every other instance; never throws, never waits. */
  publish(change: FanoutChange): void;
  /** Called with each change another instance published. */
  onChange(listener: (change: FanoutChange) => void): void;
  /** Called on each switch between pub/sub and polling. */
  onState(listener: (state: FanoutState) => void): void;
  close(): Promise<void>;
}
