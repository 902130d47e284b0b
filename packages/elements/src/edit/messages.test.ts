import { describeCatalogs } from '../test-helpers.js';
import * as edit from './messages.js';

describeCatalogs('edit', edit);
