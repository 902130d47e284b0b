import { TeahouseNotifications } from './notifications.component.js';

export { TeahouseNotifications };
export type { NotificationMessages } from './messages.js';
TeahouseNotifications.define('teahouse-notifications');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-notifications': TeahouseNotifications;
  }
}
