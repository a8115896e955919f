import type { Migration } from '../../migrate.ts';
import { migration as m0001 } from './0001-entities.ts';
import { migration as m0002 } from './0002-deferred-text-index.ts';
import { migration as m0003 } from './0003-board-order-index.ts';
import { migration as m0004 } from './0004-deferred-incident-indexes.ts';
import { migration as m0005 } from './0005-open-caller-index.ts';
import { migration as m0006 } from './0006-caller-phone-keys.ts';
import { migration as m0007 } from './0007-board-keyset.ts';
import { migration as m0008 } from './0008-open-deadline-index.ts';
import { migration as m0009 } from './0009-places.ts';
import { migration as m0010 } from './0010-map-indexes.ts';
import { migration as m0011 } from './0011-volunteer-panel-indexes.ts';
import { migration as m0012 } from './0012-camera-search.ts';
import { migration as m0013 } from './0013-dashboard-covering-indexes.ts';
import { migration as m0014 } from './0014-warning-inputs.ts';

/** cache.db migrations, oldest first. Add new files at the end only. */
export const cacheMigrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014];
