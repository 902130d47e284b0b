import type { ServerResponse } from 'node:http';
import type { ThreadEvent } from '@teahouse/protocol';
import type { Database } from '../db/database.js';
import { lastEventId, readEvents } from './events.js';
import { POLL_INTERVAL_MS } from './hub.js';

export interface LiveOptions {
  /** A comment line is sent to a stream after this much silence, so proxies keep it open. @default 25000 */
  heartbeatMs?: number;
  /**
   * Bytes a stream may have waiting for its reader before it is dropped; the reader's
   * EventSource comes back with `Last-Event-ID` and is sent what it missed. @default 262144
   */
  maxBufferedBytes?: number;
}

const BATCH = 100;
/** Browsers reconnect after this long when the stream drops. */
const RETRY_MS = 2000;
/** A thread whose events could not be read is tried again after this long. */
const RETRY_READ_MS = 1000;

const encoder = new TextEncoder();
const frameOf = (id: string, event: ThreadEvent) => encoder.encode(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
const RETRY = encoder.encode(`retry: ${RETRY_MS}\n\n`);
const HEARTBEAT = encoder.encode(': heartbeat\n\n');

/** Event ids are decimal strings of growing integers, which may pass 2^53 on Postgres. */
const after = (a: string, b: string) => a.length !== b.length ? a.length > b.length : a > b;

/** Where a stream's bytes go: a Node response written directly, or a web stream (in-process requests). */
interface Sink {
  write(bytes: Uint8Array): void;
  /** Bytes written and not yet taken by the reader's connection. */
  buffered(): number;
  /** Resolves when the reader has taken some of them. */
  room(): Promise<void>;
  /** Ends after what is buffered. */
  end(): void;
  /** Ends now, discarding what is buffered. */
  destroy(): void;
}

/** One reader's stream: the events it has been sent, and the bytes waiting for it. */
class Connection {
  last: string;
  /** Sent everything the thread's channel has sent, so the channel's frames now go to it. */
  live = false;
  /** Written to since the last heartbeat tick. */
  busy = false;
  ended = false;
  /** The thread's channel once joined, or the page waited for. */
  channel: Channel | undefined;
  waiting: string | undefined;
  sink!: Sink;
  readonly #maxBuffered: number;
  readonly #leave: (connection: Connection) => void;

  constructor(last: string, maxBuffered: number, leave: (connection: Connection) => void) {
    this.last = last;
    this.#maxBuffered = maxBuffered;
    this.#leave = leave;
  }

  /** Writes the bytes; a reader that has let too many pile up is dropped instead. */
  write(bytes: Uint8Array): void {
    if (this.ended) return;
    this.busy = true;
    this.sink.write(bytes);
    if (this.sink.buffered() > this.#maxBuffered) this.drop();
  }

  /**
   * Catching up from the database goes at the reader's pace: past half the bound, the next
   * write waits until the reader has taken some.
   */
  async paced(bytes: Uint8Array): Promise<void> {
    if (this.ended) return;
    this.busy = true;
    this.sink.write(bytes);
    while (!this.ended && this.sink.buffered() > this.#maxBuffered / 2) await this.sink.room();
  }

  /** A frame of the thread, unless this stream has it already. */
  offer(id: string, frame: Uint8Array): void {
    if (!this.live || !after(id, this.last)) return;
    this.last = id;
    this.write(frame);
  }

  /** Ends the stream after what is queued (shutdown). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.#leave(this);
    this.sink.end();
  }

  /** Ends the stream now, discarding what is queued: the reader resumes from its last id. */
  drop(): void {
    if (this.ended) return;
    this.ended = true;
    this.#leave(this);
    this.sink.destroy();
  }

  /** The reader went away. */
  gone(): void {
    if (this.ended) return;
    this.ended = true;
    this.#leave(this);
  }
}

/**
 * The streams of one thread in this process: one subscription to the hub, one read of each new
 * event, each event serialised once and the same bytes written to every stream.
 */
class Channel {
  readonly connections = new Set<Connection>();
  /** The newest event read for the channel's live streams; null until the first look. */
  last: string | null = null;
  /** Resolves once `last` is known; rejects when it could not be read. */
  readonly ready: Promise<void>;
  #pending = false;
  #pumping = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  readonly #db: Database;
  readonly threadId: string;
  readonly unsubscribe: () => void;

  constructor(db: Database, threadId: string) {
    this.#db = db;
    this.threadId = threadId;
    // Subscribed before the look, so nothing that commits after it goes unheard.
    this.unsubscribe = db.events.subscribe(threadId, () => this.wake());
    this.ready = lastEventId(db, threadId).then((id) => {
      this.last = id;
      if (this.#pending) this.wake();
    });
    this.ready.catch(() => {});
  }

  wake(): void {
    this.#pending = true;
    if (!this.#pumping && this.last !== null) void this.#pump();
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#pending && this.connections.size > 0) {
        this.#pending = false;
        for (;;) {
          const events = await readEvents(this.#db, this.threadId, this.last!, BATCH);
          for (const { id, event } of events) {
            const frame = frameOf(id, event);
            this.last = id;
            for (const connection of this.connections) connection.offer(id, frame);
          }
          if (events.length < BATCH) break;
        }
      }
    } catch {
      // The database may be restarting: the events stay there, and are read on the next try.
      this.#pending = true;
      this.#retry ??= setTimeout(() => {
        this.#retry = undefined;
        this.wake();
      }, RETRY_READ_MS);
      this.#retry.unref();
    } finally {
      this.#pumping = false;
    }
  }

  /**
   * Sends the stream what it lacks from the database, until it has everything the channel has
   * sent; from then on it gets the channel's frames.
   */
  async join(connection: Connection): Promise<void> {
    this.connections.add(connection);
    connection.channel = this;
    try {
      await this.ready;
      while (!connection.ended) {
        const events = await readEvents(this.#db, this.threadId, connection.last, BATCH);
        for (const { id, event } of events) {
          connection.last = id;
          await connection.paced(frameOf(id, event));
        }
        if (events.length === BATCH) continue;
        // Read after the channel's own look, so it has everything up to `last`; what the
        // channel sent meanwhile is read again on the next turn.
        if (!after(this.last!, connection.last)) {
          connection.live = true;
          return;
        }
      }
    } catch {
      connection.drop();
    }
  }

  close(): void {
    clearTimeout(this.#retry);
    this.unsubscribe();
  }
}

/**
 * Every live stream of the process: streams grouped by thread (`Channel`), streams waiting for
 * their thread to exist, and one heartbeat timer for all of them.
 */
export class LiveStreams {
  readonly #db: Database;
  readonly #heartbeatMs: number;
  readonly #maxBuffered: number;
  readonly #channels = new Map<string, Channel>();
  /** Streams of pages without a thread yet, by site and page. */
  readonly #waiting = new Map<string, { site: string; page: string; connections: Set<Connection> }>();
  readonly #all = new Set<Connection>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #recheck: ReturnType<typeof setInterval> | undefined;

  constructor(db: Database, options: LiveOptions = {}) {
    this.#db = db;
    this.#heartbeatMs = options.heartbeatMs ?? 25_000;
    this.#maxBuffered = options.maxBufferedBytes ?? 256 * 1024;
    db.events.onChange(({ site, page }) => {
      if (this.#waiting.has(waitKey(site, page))) void this.#arrive(site, page);
    });
    db.events.onClose(() => {
      for (const connection of [...this.#all]) connection.end();
    });
  }

  /** Open streams in this process. */
  get size(): number {
    return this.#all.size;
  }

  /**
   * A new stream of the page's events after `last` (all of them when its thread does not exist
   * yet: `threadId` null), as the body of a response.
   */
  open(site: string, page: string, threadId: string | null, last: string): ReadableStream<Uint8Array> {
    const connection = new Connection(last, this.#maxBuffered, (c) => this.#leave(c));
    let pulled: (() => void) | undefined;
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        connection.sink = {
          write: (bytes) => controller.enqueue(bytes),
          // With a high-water mark of 0 the desired size is minus the bytes queued.
          buffered: () => -(controller.desiredSize ?? 0),
          room: () => new Promise((resolve) => { pulled = resolve; }),
          end: () => {
            pulled?.();
            try {
              controller.close();
            } catch {
              // Closed by the reader already.
            }
          },
          destroy: () => {
            pulled?.();
            controller.error(new Error('the reader fell too far behind'));
          },
        };
        this.#start(connection, site, page, threadId);
      },
      pull: () => {
        const resolve = pulled;
        pulled = undefined;
        resolve?.();
      },
      cancel: () => {
        pulled?.();
        connection.gone();
      },
    }, new ByteLengthQueuingStrategy({ highWaterMark: 0 }));
  }

  /**
   * The same, written straight to Node's response (headers already sent): no web stream
   * between the frame and the socket, which is most of what a stream costs.
   */
  attach(site: string, page: string, threadId: string | null, last: string, res: ServerResponse): void {
    const connection = new Connection(last, this.#maxBuffered, (c) => this.#leave(c));
    connection.sink = {
      write: (bytes) => void res.write(bytes),
      buffered: () => res.writableLength,
      room: () => new Promise((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.once('drain', done);
        res.once('close', done);
      }),
      end: () => res.end(),
      destroy: () => res.destroy(),
    };
    res.once('close', () => connection.gone());
    // A write racing the reader's disconnect is lost with the connection, never thrown.
    res.on('error', () => {});
    this.#start(connection, site, page, threadId);
  }

  #start(connection: Connection, site: string, page: string, threadId: string | null): void {
    if (this.#db.events.closed) {
      connection.ended = true;
      connection.sink.end();
      return;
    }
    this.#all.add(connection);
    this.#startTimers();
    connection.write(RETRY);
    if (threadId !== null) void this.#channel(threadId).join(connection);
    else this.#wait(connection, site, page);
  }

  #channel(threadId: string): Channel {
    let channel = this.#channels.get(threadId);
    if (!channel) {
      channel = new Channel(this.#db, threadId);
      this.#channels.set(threadId, channel);
    }
    return channel;
  }

  #wait(connection: Connection, site: string, page: string): void {
    const key = waitKey(site, page);
    let entry = this.#waiting.get(key);
    if (!entry) {
      entry = { site, page, connections: new Set() };
      this.#waiting.set(key, entry);
    }
    entry.connections.add(connection);
    connection.waiting = key;
    // The thread may have been created between the request's look and now.
    void this.#arrive(site, page);
  }

  /** Looks for the thread of a waited-for page; its streams join it from its first event. */
  async #arrive(site: string, page: string): Promise<void> {
    const key = waitKey(site, page);
    let threadId: string | undefined;
    try {
      const row = await this.#db.kysely.selectFrom('threads').select('id').where('site_id', '=', site).where('page_key', '=', page).executeTakeFirst();
      threadId = row?.id;
    } catch {
      return;
    }
    const entry = this.#waiting.get(key);
    if (threadId === undefined || !entry) return;
    this.#waiting.delete(key);
    const channel = this.#channel(threadId);
    for (const connection of entry.connections) {
      connection.waiting = undefined;
      void channel.join(connection);
    }
  }

  #leave(connection: Connection): void {
    this.#all.delete(connection);
    const channel = connection.channel;
    if (channel?.connections.delete(connection) && channel.connections.size === 0) {
      channel.close();
      this.#channels.delete(channel.threadId);
    }
    const entry = connection.waiting === undefined ? undefined : this.#waiting.get(connection.waiting);
    if (entry?.connections.delete(connection) && entry.connections.size === 0) this.#waiting.delete(connection.waiting!);
    if (this.#all.size === 0) this.#stopTimers();
  }

  #startTimers(): void {
    if (this.#heartbeat !== undefined) return;
    // One timer for every stream: each tick, a stream nothing was written to since the last one
    // gets a comment, so silence never lasts much more than the heartbeat interval.
    this.#heartbeat = setInterval(() => {
      for (const connection of this.#all) {
        if (!connection.busy) connection.write(HEARTBEAT);
        connection.busy = false;
      }
    }, this.#heartbeatMs);
    this.#heartbeat.unref();
    // Pages waited for may get their thread from an instance this one hears nothing from.
    this.#recheck = setInterval(() => {
      if (!this.#db.events.polling) return;
      for (const { site, page } of this.#waiting.values()) void this.#arrive(site, page);
    }, POLL_INTERVAL_MS);
    this.#recheck.unref();
  }

  #stopTimers(): void {
    clearInterval(this.#heartbeat);
    clearInterval(this.#recheck);
    this.#heartbeat = undefined;
    this.#recheck = undefined;
  }
}

const waitKey = (site: string, page: string) => `${site}\n${page}`;
