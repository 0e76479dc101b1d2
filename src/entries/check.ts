/** Entry of the check action (check/action.yml). run() reports its own failures. */
import { actionsHost } from '../hosts/actions.js';
import { run } from '../main/check.js';

void run(actionsHost());
