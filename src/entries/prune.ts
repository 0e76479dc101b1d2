/** Entry of the prune action (prune/action.yml). run() reports its own failures. */
import { actionsHost } from '../hosts/actions.js';
import { run } from '../main/prune.js';

void run(actionsHost());
