/** How long a jump keeps its floor in place while the page around it settles. */
const SETTLE_MS = 4000;
const READER_MOVES = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;

/**
 * Scrolls `target` to the top of the screen and keeps it there while anything grows around it
 * (the share bar and other chunks rendering above it, the host page's images and ads), until the
 * reader scrolls, types or a few seconds have passed. Returns the function that stops it early.
 */
export function keepInView(target: HTMLElement): () => void {
  const place = () => target.scrollIntoView({ block: 'start' });
  // The whole document: whatever above the floor changes size moves it, inside the widget or out.
  const observer = new ResizeObserver(place);
  observer.observe(document.documentElement);
  let top = target.getRootNode() instanceof ShadowRoot ? (target.getRootNode() as ShadowRoot).host : null;
  while (top) {
    observer.observe(top);
    const root = top.getRootNode();
    top = root instanceof ShadowRoot ? root.host : null;
  }
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
    for (const type of READER_MOVES) removeEventListener(type, stop, true);
  };
  const timer = setTimeout(stop, SETTLE_MS);
  for (const type of READER_MOVES) addEventListener(type, stop, { capture: true, passive: true });
  place();
  return stop;
}
