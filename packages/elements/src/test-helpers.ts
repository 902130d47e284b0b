import { oneEvent } from '@open-wc/testing';
import { testConfig, testToken, uniqueId } from '../../../test/support/browser.js';
import type { TeahouseComments } from './comments/comments.component.js';
import './index.js';

export interface MountOptions {
  page?: string;
  token?: string | null;
  lang?: string;
  site?: string;
  pageSize?: number;
}

const containers: Element[] = [];
afterEach(() => {
  for (const container of containers.splice(0)) container.remove();
});

/** A `<teahouse-comments>` against the test server, resolved once its thread has rendered. */
export async function mountComments(options: MountOptions = {}): Promise<TeahouseComments> {
  const config = await testConfig();
  // Not `fixture()`: it waits for an animation frame, which a background tab never gets (the
  // runner opens a tab per test file, and only one of them is in front).
  const container = document.createElement('div');
  document.body.append(container);
  containers.push(container);
  const el = document.createElement('teahouse-comments');
  el.server = config.server;
  el.site = options.site ?? config.site;
  el.page = options.page ?? uniqueId();
  if (options.token) el.token = options.token;
  if (options.lang) el.setAttribute('lang', options.lang);
  if (options.pageSize) el.pageSize = options.pageSize;
  const ready = oneEvent(el, 'teahouse-ready');
  container.append(el);
  await ready;
  return el;
}

/** Shadow-root query through a chain of elements: `deep(el, 'teahouse-thread', 'teahouse-comment')`. */
export function deep<T extends Element = Element>(root: Element, ...selectors: string[]): T | null {
  let node: Element | null = root;
  for (const selector of selectors) {
    const scope: ParentNode | null | undefined = node?.shadowRoot;
    node = scope?.querySelector(selector) ?? null;
    if (!node) return null;
  }
  return node as T | null;
}

export function deepAll<T extends Element = Element>(root: Element, path: string[], selector: string): T[] {
  const host = path.length ? deep(root, ...path) : root;
  return Array.from(host?.shadowRoot?.querySelectorAll<T>(selector as never) ?? []) as T[];
}

/** Posts floors as a reader through the API, for setting up a thread. */
export async function postFloors(page: string, bodies: string[], name = 'Seeder'): Promise<void> {
  const { createClient } = await import('@teahouse/client');
  const config = await testConfig();
  const client = createClient({ baseUrl: config.server, site: config.site, token: await testToken({ name }) });
  for (const body of bodies) await client.post({ page, body });
}

export { testConfig, testToken, uniqueId };
