import { TeahousePoints } from './points.component.js';

export { TeahousePoints };
export type { PointsTab, LeaderboardPeriod } from './points.component.js';
export type { PointsMessages } from './messages.js';
TeahousePoints.define('teahouse-points');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-points': TeahousePoints;
  }
}
