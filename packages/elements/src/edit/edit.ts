import { TeahouseEdit } from './edit.component.js';

export { TeahouseEdit };
export type { EditMode } from './edit.component.js';
export type { EditMessages } from './messages.js';
TeahouseEdit.define('teahouse-edit');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-edit': TeahouseEdit;
  }
}
