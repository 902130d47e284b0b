import { TeahouseComposer } from './composer.component.js';

export { TeahouseComposer };
export type { ReplyTarget } from './composer.component.js';
TeahouseComposer.define('teahouse-composer');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-composer': TeahouseComposer;
  }
}
