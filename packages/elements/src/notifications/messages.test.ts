import { describeCatalogs } from '../test-helpers.js';
import * as notifications from './messages.js';

describeCatalogs('notifications', notifications);
