import { TeahouseModeration } from './moderation.component.js';

export { TeahouseModeration };
export type { ModerationMessages, ModerationTab } from './messages.js';
TeahouseModeration.define('teahouse-moderation');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-moderation': TeahouseModeration;
  }
}
