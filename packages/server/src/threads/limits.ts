import { DEFAULT_EDIT_WINDOW_SECONDS, DEFAULT_MAX_LINKS, MAX_BODY_LENGTH, type RootNode } from '@teahouse/protocol';
import { invalid } from '../errors.js';
import type { Site } from '../sites/sites.js';

export interface Limits {
  maxBodyLength: number;
  maxLinks: number;
  editWindowSeconds: number;
}

/** A site's writing limits with their defaults; the body length never exceeds the protocol's. */
export function limitsOf(site: Site): Limits {
  const s = site.settings;
  return {
    maxBodyLength: Math.min(s.maxBodyLength ?? MAX_BODY_LENGTH, MAX_BODY_LENGTH),
    maxLinks: s.maxLinks ?? DEFAULT_MAX_LINKS,
    editWindowSeconds: s.editWindowSeconds ?? DEFAULT_EDIT_WINDOW_SECONDS,
  };
}

/** Refuses a body source longer than the site allows, before parsing it. */
export function checkLength(site: Site, source: string): void {
  const { maxBodyLength } = limitsOf(site);
  // UTF-16 units, as the protocol schema and the composer's counter count them.
  const n = source.length;
  if (n > maxBodyLength) {
    throw invalid(`the body is ${n} characters; this site allows at most ${maxBodyLength}`, [
      { path: ['body'], message: `longer than ${maxBodyLength} characters` },
    ]);
  }
}

function countLinks(nodes: readonly unknown[]): number {
  let n = 0;
  for (const node of nodes as { type: string; children?: unknown[] }[]) {
    if (node.type === 'link') n++;
    if (node.children) n += countLinks(node.children);
  }
  return n;
}

/** Refuses a parsed body with more links than the site allows. */
export function checkLinks(site: Site, body: RootNode): void {
  const { maxLinks } = limitsOf(site);
  const n = countLinks(body.children);
  if (n > maxLinks) {
    throw invalid(`the body has ${n} links; this site allows at most ${maxLinks}`, [
      { path: ['body'], message: `more than ${maxLinks} links` },
    ]);
  }
}
