import type { PlatformLink } from '../link/platform-link.ts';
import type { ApplyOutcome } from '../store/cache-store.ts';
import { ENTITY_KINDS } from '../protocol/entities.ts';
import type { ConsoleHost } from './console-host.ts';
import type { NewP1Alarm } from './new-p1-alarm.ts';
import type { LivePositions } from './map/live-positions.ts';

/**
 * Turns the link's events into live topics for windows. The host coalesces
 * them per window (~10 pushes a second), so a burst of changes frames
 * becomes one update, not thousands.
 */
export function publishLinkEvents(
  link: PlatformLink,
  host: ConsoleHost,
  positions: LivePositions,
  alarm: NewP1Alarm,
  followMap: (changed: ApplyOutcome['changed'] | 'snapshot') => void,
): () => void {
  const now = () => new Date().toISOString();
  const stops = [
    link.on('applied', (outcome, via) => {
      // The alarm first: it is pushed at once, the rest waits for the window's next flush.
      const incidents = outcome.changed.get('incident');
      if (via === 'snapshot') alarm.applied({ via });
      else if (incidents) alarm.applied({ via, upserted: incidents.upserted, deleted: incidents.deleted, newP1: outcome.newP1 });
      // After a snapshot everything may have changed: every kind is announced (no ids), so windows re-read.
      const changes =
        via === 'snapshot'
          ? ENTITY_KINDS.map((kind) => ({ kind, upserted: [], deleted: [] }))
          : [...outcome.changed].map(([kind, ids]) => ({ kind, upserted: ids.upserted, deleted: ids.deleted }));
      followMap(via === 'snapshot' ? 'snapshot' : outcome.changed);
      if (changes.length) host.publish('entities.changed', changes);
    }),
    // Packed and published at most ~10 times a second by LivePositions itself (positions.packed).
    link.on('positions', (items) => positions.apply(items)),
    link.on('notice', (notice) => host.publish('link.notice', [{ ...notice, at: now() }])),
    link.on('quarantined', (count) =>
      host.publish('link.notice', [
        { level: 'warn', message: `${count} item(s) from the platform broke the contract and were quarantined`, at: now() },
      ]),
    ),
    link.on('result', (outcome) =>
      host.publish('command.result', [
        { id: outcome.id, name: outcome.name, ok: outcome.ok, code: outcome.code, message: outcome.message, seq: outcome.seq },
      ]),
    ),
  ];
  return () => stops.forEach((stop) => stop());
}
