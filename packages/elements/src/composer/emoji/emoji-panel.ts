import { TeahouseEmojiPanel } from './emoji-panel.component.js';

export { TeahouseEmojiPanel };
export type { EmojiPickDetail } from './emoji-panel.component.js';
TeahouseEmojiPanel.define('teahouse-emoji-panel');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-emoji-panel': TeahouseEmojiPanel;
  }
}
