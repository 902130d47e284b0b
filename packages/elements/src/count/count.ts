import { TeahouseCount } from './count.component.js';

export { TeahouseCount };
TeahouseCount.define('teahouse-count');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-count': TeahouseCount;
  }
}
