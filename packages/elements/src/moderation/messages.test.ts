import { describeCatalogs } from '../test-helpers.js';
import * as moderation from './messages.js';
import * as report from './report-messages.js';

describeCatalogs('moderation', moderation);
describeCatalogs('report', report);
