/** Entry of the backup action (action.yml). */
import { actionsHost } from '../hosts/actions.js';
import { run } from '../main/backup.js';

await run(actionsHost());
