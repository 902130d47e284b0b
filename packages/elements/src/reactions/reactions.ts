import { TeahouseReactions } from './reactions.component.js';

export { TeahouseReactions };
TeahouseReactions.define('teahouse-reactions');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-reactions': TeahouseReactions;
  }
}
