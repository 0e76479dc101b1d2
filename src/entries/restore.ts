/** Entry of the restore action (restore/action.yml). run() reports its own failures. */
import { actionsHost } from '../hosts/actions.js';
import { run } from '../main/restore.js';

void run(actionsHost());
