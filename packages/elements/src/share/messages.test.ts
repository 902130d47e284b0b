import { describeCatalogs } from '../test-helpers.js';
import * as share from './messages.js';

describeCatalogs('share', share);
