import { describe, expect, it } from 'vitest';
import { CommandRequest } from './commands.ts';
import { TRANSITIONS, commandRefusal, nextLevel } from './rules.ts';

describe('the incident lifecycle (spec §8)', () => {
  it('allows exactly the transitions the spec lists', () => {
    const allowed = Object.entries(TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(
      [
        'new→verified', 'verified→dispatched', 'dispatched→accepted', 'accepted→on_scene', 'on_scene→resolved', 'resolved→closed',
        'new→dispatched', 'new→cancelled', 'verified→cancelled', 'new→merged', 'verified→merged', 'resolved→dispatched',
      ].sort(),
    );
    expect(TRANSITIONS.closed).toEqual([]);
  });

  it('escalates one level at a time, community → street → district → city', () => {
    expect(nextLevel('community')).toBe('street');
    expect(nextLevel('street')).toBe('district');
    expect(nextLevel('district')).toBe('city');
    expect(nextLevel('city')).toBeNull();
  });
});

describe('who may send what (spec §7)', () => {
  const cases: [Parameters<typeof commandRefusal>[0], Parameters<typeof commandRefusal>[1], Record<string, unknown>, boolean][] = [
    ['call_taker', 'incident.create', { source: '110' }, true],
    ['call_taker', 'incident.transition', { to: 'verified' }, true],
    ['call_taker', 'incident.transition', { to: 'cancelled' }, true],
    ['call_taker', 'incident.transition', { to: 'resolved' }, false],
    ['call_taker', 'incident.transition', { to: 'closed' }, false],
    ['call_taker', 'incident.escalate', { to_level: 'street' }, false],
    ['call_taker', 'incident.escalate', { to_level: 'city' }, false],
    ['call_taker', 'incident.dispatch', {}, true],
    ['call_taker', 'incident.offer', {}, true],
    ['call_taker', 'incident.followup', {}, true],
    ['video_patroller', 'incident.create', { source: 'video' }, true],
    ['video_patroller', 'incident.create', { source: '110' }, false],
    ['video_patroller', 'incident.note', {}, true],
    ['video_patroller', 'incident.attach', {}, true],
    ['video_patroller', 'incident.dispatch', {}, false],
    ['duty_chief', 'incident.escalate', { to_level: 'city' }, true],
    ['duty_chief', 'incident.transition', { to: 'closed' }, true],
  ];
  for (const [role, name, args, ok] of cases) {
    it(`${role} ${ok ? 'may' : 'may not'} ${name} ${JSON.stringify(args)}`, () => {
      expect(commandRefusal(role, name, args) === null).toBe(ok);
    });
  }

  it('checks each command against its own argument schema', () => {
    expect(CommandRequest.safeParse({ name: 'incident.note', args: { incident: 'inc-1', text: '到场' } }).success).toBe(true);
    expect(CommandRequest.safeParse({ name: 'incident.note', args: { incident: 'inc-1' } }).success).toBe(false);
    expect(CommandRequest.safeParse({ name: 'incident.followup', args: { incident: 'inc-1', reached: true, rating: 6 } }).success).toBe(false);
    expect(CommandRequest.safeParse({ name: 'incident.attach', args: { incident: 'i', kind: 'photo', mime: 'image/png', data_base64: '!!' } }).success).toBe(false);
  });
});
