import type { Migration } from '../../migrate.ts';
import { migration as m0001 } from './0001-outbox.ts';
import { migration as m0002 } from './0002-operators.ts';
import { migration as m0003 } from './0003-offer-waves.ts';
import { migration as m0004 } from './0004-wall.ts';
import { migration as m0005 } from './0005-workspace.ts';
import { migration as m0006 } from './0006-warnings.ts';

/** state.db migrations, oldest first. Add new files at the end only. */
export const stateMigrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006];
