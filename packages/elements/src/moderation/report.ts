import { TeahouseReport } from './report.component.js';

export { TeahouseReport };
export type { ReportDetail } from './report.component.js';
export type { ReportMessages } from './report-messages.js';
TeahouseReport.define('teahouse-report');

declare global {
  interface HTMLElementTagNameMap {
    'teahouse-report': TeahouseReport;
  }
}
