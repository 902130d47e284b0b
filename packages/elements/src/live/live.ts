import { TeahouseLive } from './live.component.js';

export { TeahouseLive };
export type { LiveMessages } from './messages.js';
TeahouseLive.define('teahouse-live');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-live': TeahouseLive;
  }
}
