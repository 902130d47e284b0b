import { describeCatalogs } from '../test-helpers.js';
import * as points from './messages.js';

describeCatalogs('points', points);
