/** Entry of the backup action (action.yml). run() reports its own failures, so nothing is left to catch. */
import { actionsHost } from '../hosts/actions.js';
import { run } from '../main/backup.js';

void run(actionsHost());
