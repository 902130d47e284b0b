import '../reactions/reactions.js';
import { TeahouseComment } from './comment.component.js';

export { TeahouseComment };
TeahouseComment.define('teahouse-comment');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-comment': TeahouseComment;
  }
}
