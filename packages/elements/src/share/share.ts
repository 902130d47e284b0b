import { TeahouseShare } from './share.component.js';

export { TeahouseShare };
export type { ShareDetail } from './share.component.js';
export type { ShareMessages } from './messages.js';
TeahouseShare.define('teahouse-share');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-share': TeahouseShare;
  }
}
