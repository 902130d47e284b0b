// Compiled by the type check (`tsc -b`), never run: `on()` types each listener by the event's
// name, short or full, and refuses names the widget does not fire.
import type { TeahouseInstance } from './index.js';

export function typecheck(widget: TeahouseInstance): void {
  widget.on('ready', (detail) => detail.bootstrap.thread.page.toUpperCase());
  widget.on('teahouse-comment-created', (detail) => detail.floor.number.toFixed());
  widget.on('login-request', (detail, event) => detail.loginUrl ?? event.preventDefault());
  widget.on('share', (detail) => detail.channel.toUpperCase());
  widget.on('award', (detail) => detail.points.toFixed());
  // @ts-expect-error -- the ready event's detail has no floor
  widget.on('ready', (detail) => detail.floor);
  // @ts-expect-error -- no such event
  widget.on('readyy', () => undefined);
}
