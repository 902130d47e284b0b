import '../comment/comment.js';
import { TeahouseThread } from './thread.component.js';

export { TeahouseThread };
TeahouseThread.define('teahouse-thread');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-thread': TeahouseThread;
  }
}
