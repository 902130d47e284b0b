// What a press on a reaction button does, and the list of who reacted: fetched when the reader
// first points at or focuses a reaction bar, so first paint carries only the buttons and counts.
import { HttpError, errorMessage, storeVisitor, storedVisitor } from '../../lazy/kit.js';
import { isHttpUrl, type ReactionCounts, type ReactionOption, type ReactionState } from '@teahouse/protocol';
import type { LoginRequestDetail } from '../../base/teahouse-element.js';
import type { TeahouseReactions } from '../reactions.component.js';
import { catalogs } from './messages.js';

/** What a bar's presses have in flight: they are sent in order, and only the last answer is shown. */
interface Queue {
  queue: Promise<void>;
  sent: number;
  /** The server's last word on the target, to fall back to when a press is refused. */
  truth: { counts: ReactionCounts; mine: readonly string[] } | undefined;
}
const queues = new WeakMap<TeahouseReactions, Queue>();
const stateOf = (host: TeahouseReactions): Queue => {
  let queued = queues.get(host);
  if (!queued) queues.set(host, (queued = { queue: Promise.resolve(), sent: 0, truth: undefined }));
  return queued;
};

/** `emit` is the element's own (protected); the same event, from here. */
const emit = (host: TeahouseReactions, name: 'teahouse-login-request', detail: LoginRequestDetail, cancelable: boolean) =>
  host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));

/**
 * A press: shown at once (an exclusive group loses its other key), sent, and undone with a
 * message when the server refuses it. Readers who are not signed in are asked to log in, unless
 * the site allows anonymous reactions (then with the visitor token this browser keeps).
 */
export function press(host: TeahouseReactions, option: ReactionOption): void {
  const client = host.client.value;
  const session = host.session.value;
  if (!client || !session) return;
  const { m } = host.l;
  const queued = stateOf(host);
  const anonymous = !session.viewer;
  if (anonymous && !session.site.reactions?.anonymous) {
    host.message = catalogs[host.l.locale].reactLogin;
    const loginUrl = session.site.loginUrl;
    if (emit(host, 'teahouse-login-request', { loginUrl, action: 'login' }, true) && loginUrl) location.assign(loginUrl);
    return;
  }

  const store = host.store;
  const target = host.target;
  const counts = host.shownCounts();
  const mine = store.mine(target);
  if (host.pending === 0) queued.truth = { counts, mine };
  const on = !mine.includes(option.key);
  // What the server will do, shown before it answers: an exclusive group loses its other key.
  const next: ReactionCounts = { ...counts };
  const bump = (key: string, delta: number) => (next[key] = Math.max(0, (next[key] ?? 0) + delta));
  const dropped = on && option.group !== null
    ? mine.filter((key) => key !== option.key && host.options.find((o) => o.key === key)?.group === option.group)
    : on ? [] : [option.key];
  for (const key of dropped) bump(key, -1);
  if (on) bump(option.key, 1);
  store.setCounts(target, next, [...mine.filter((key) => !dropped.includes(key)), ...(on ? [option.key] : [])]);
  host.message = null;
  // The names no longer match the counts.
  host.who = null;
  host.pending += 1;

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
  const seq = ++queued.sent;
  queued.queue = queued.queue.then(async () => {
    try {
      const state = await send();
      queued.truth = { counts: state.counts, mine: state.mine };
      if (seq === queued.sent) store.setCounts(target, state.counts, state.mine);
    } catch (error) {
      if (seq !== queued.sent) return;
      if (queued.truth) store.setCounts(target, queued.truth.counts, queued.truth.mine);
      const code = error instanceof HttpError ? error.code : undefined;
      host.message = code === 'forbidden'
        ? catalogs[host.l.locale].reactRefused
        : code === 'unauthorized' || !(error instanceof HttpError) ? errorMessage(m, error) : catalogs[host.l.locale].reactFailed;
    } finally {
      host.pending -= 1;
    }
  });
}

export async function toggleWho(host: TeahouseReactions, key: string, label: string): Promise<void> {
  const client = host.client.value;
  const session = host.session.value;
  if (host.who?.key === key) return void (host.who = null);
  if (!client || !session) return;
  const who = (host.who = { key, label });
  host.message = null;
  try {
    const data = await client.who({ page: session.page, target: host.target, key });
    // A list closed or switched to another key while loading stays as the reader left it.
    if (host.who === who) host.who = { ...who, data };
  } catch {
    if (host.who === who) {
      host.who = null;
      host.message = catalogs[host.l.locale].whoFailed;
    }
  }
}

