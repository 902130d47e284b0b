import type { Floor } from '@teahouse/protocol';

// The rest of the floors view's paging, with the thread's tools (see ../paging.ts for the page ranges).
/** Pages of a thread whose last floor is `lastFloor`. */
export const pageCount = (lastFloor: number, size: number): number => Math.max(1, Math.ceil((lastFloor - 1) / size));
/** `1 … 4 5 6 7 8 … 20`: the ends and two pages either side of `current`; 0 stands for a gap of 2 or more. */
export function pageList(current: number, total: number): number[] {
  const keep = [1, current - 2, current - 1, current, current + 1, current + 2, total].filter((p, i, all) => p >= 1 && p <= total && all.indexOf(p) === i);
  const out: number[] = [];
  for (const p of keep.sort((a, b) => a - b)) {
    const gap = p - (out[out.length - 1] ?? p);
    if (gap > 1) out.push(gap === 2 ? p - 1 : 0);
    out.push(p);
  }
  return out;
}

/** A floor of the nested view with the replies shown under it. */
export interface Placed {
  floor: Floor;
  /** Whom it answers, when it sits at the depth cap below its parent. */
  replyTo: string | null;
  children: Placed[];
}

interface Slot {
  node: Placed;
  depth: number;
  holder: Slot | null;
}

/**
 * Hangs the replies of one top-level floor under their parents, at most `maxDepth` levels deep.
 * A reply to a floor already at the cap is shown beside that floor, naming whom it answers.
 * Replies arrive in floor order, so a parent is always placed before its replies.
 */
export function arrange(root: Floor, replies: readonly Floor[], maxDepth: number, unnamed: string): Placed[] {
  const top: Slot = { node: { floor: root, replyTo: null, children: [] }, depth: 0, holder: null };
  const slots = new Map<number, Slot>([[root.number, top]]);
  for (const floor of replies) {
    const parent = slots.get(floor.parent ?? root.number) ?? top;
    const capped = parent.depth >= Math.max(1, maxDepth) && parent.holder !== null;
    const holder = capped ? parent.holder! : parent;
    const slot: Slot = {
      node: { floor, replyTo: capped ? (parent.node.floor.author?.name ?? unnamed) : null, children: [] },
      depth: holder.depth + 1,
      holder,
    };
    holder.node.children.push(slot.node);
    slots.set(floor.number, slot);
  }
  return top.node.children;
}
