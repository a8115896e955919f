import { ApiError, maskPhone, seesPhones } from '../../api/index.ts';
import type { DataDir } from '../../store/data-dir.ts';
import { departmentChoices } from '../../store/queries/departments.ts';
import { findDuplicates } from '../../store/queries/duplicates.ts';
import { incidentWithTimeline } from '../../store/queries/incident-detail.ts';
import { volunteerNames } from '../../store/queries/volunteers.ts';
import type { Handler } from '../console-host.ts';

/** One incident, its possible duplicates, and whom to dispatch: the store answers, the role decides what is shown (the nearest volunteers: host/map). */
export function detailHandlers(data: DataDir, now: () => number = Date.now) {
  const handlers: {
    'incident.get': Handler<'incident.get'>;
    'incidents.duplicates': Handler<'incidents.duplicates'>;
    'departments.list': Handler<'departments.list'>;
    'volunteers.names': Handler<'volunteers.names'>;
  } = {
    'incident.get': ({ id }, ctx) => {
      const found = incidentWithTimeline(data.cache.db, id);
      if (found === null) throw new ApiError('not_found', `no incident ${id} in the cache`);
      const { incident, events } = found;
      if (incident.caller?.phone && !seesPhones(ctx.role)) {
        incident.caller = { ...incident.caller, phone: maskPhone(incident.caller.phone) };
      }
      return { incident, events };
    },

    'incidents.duplicates': (probe) => findDuplicates(data.cache.db, { ...probe, at: now() }),

    'departments.list': (incident) => departmentChoices(data.cache.db, incident),

    // Who an offer went to, who took or refused it (the detail's offer status): ids from the events, names from the cache.
    'volunteers.names': ({ ids }) => [...volunteerNames(data.cache.db, [...new Set(ids)])].map(([id, name]) => ({ id, name })),
  };
  return handlers;
}
