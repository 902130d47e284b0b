import '../thread/thread.js';
import { TeahouseComments } from './comments.component.js';

export { TeahouseComments };
TeahouseComments.define('teahouse-comments');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-comments': TeahouseComments;
  }
}
