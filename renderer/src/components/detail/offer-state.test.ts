import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../stores/detail.ts';
import { offersFrom, volunteerIdsOf } from './offer-state.ts';

const T = (hhmmss: string) => `2026-11-28T${hhmmss}+08:00`;
const ms = (hhmmss: string) => Date.parse(T(hhmmss));

let n = 0;
function ev(kind: string, at: string, data: Record<string, unknown> = {}, actor = '接警员 林晓'): IncidentEvent {
  return { id: `ev-${++n}`, rev: 1, incident: 'inc-1', at: T(at), actor, kind: kind as IncidentEvent['kind'], data };
}
function offer(at: string, volunteers: string[], expiresAt: string): IncidentEvent {
  return ev('offer', at, { volunteers, expires_at: T(expiresAt) });
}

describe('offersFrom: what became of each offer, from the timeline', () => {
  it('pending: offered, no answer, deadline ahead — with the time left', () => {
    const o = offer('09:00:00', ['vol-1', 'vol-2'], '09:02:00');
    const [state] = offersFrom([ev('created', '08:59:00'), o], ms('09:00:30'));
    expect(state).toMatchObject({ id: o.id, outcome: 'pending', volunteers: ['vol-1', 'vol-2'], msLeft: 90_000, acceptedBy: null, declined: [], expiredBy: null });
    expect(state!.expiresAt).toBe(ms('09:02:00'));
  });

  it('accepted: by the volunteer the accept names, tied by data.offer', () => {
    const o = offer('09:00:00', ['vol-1', 'vol-2'], '09:02:00');
    const accept = ev('accept', '09:00:09', { volunteer: 'vol-2', offer: o.id }, '陈**');
    const [state] = offersFrom([o, accept], ms('09:05:00'));
    expect(state).toMatchObject({ outcome: 'accepted', acceptedBy: { volunteer: 'vol-2', actor: '陈**', at: accept.at }, expiredBy: null, msLeft: null });
  });

  it('declined by some, then accepted by another: every refusal kept, oldest first', () => {
    const o = offer('09:00:00', ['vol-1', 'vol-2', 'vol-3'], '09:02:00');
    const events = [
      o,
      ev('decline', '09:00:04', { volunteer: 'vol-3', offer: o.id }, '王*'),
      ev('decline', '09:00:06', { volunteer: 'vol-1', offer: o.id }, '林**'),
      ev('accept', '09:00:11', { volunteer: 'vol-2', offer: o.id }, '陈**'),
    ];
    const [state] = offersFrom(events, ms('09:00:20'));
    expect(state!.outcome).toBe('accepted');
    expect(state!.acceptedBy?.volunteer).toBe('vol-2');
    expect(state!.declined.map((d) => d.volunteer)).toEqual(['vol-3', 'vol-1']);
  });

  it('expired by the platform’s event; an accepted offer is never shown expired, even past its deadline', () => {
    const first = offer('09:00:00', ['vol-1'], '09:01:00');
    const second = offer('09:00:30', ['vol-2'], '09:01:30');
    const events = [first, second, ev('accept', '09:00:40', { volunteer: 'vol-2', offer: second.id }), ev('expire', '09:01:00', { offer: first.id }, '指挥平台')];
    const [a, b] = offersFrom(events, ms('10:00:00'));
    expect(a).toMatchObject({ outcome: 'expired', expiredBy: 'event' });
    expect(b).toMatchObject({ outcome: 'accepted', expiredBy: null });
  });

  it('expired by time: once expires_at has passed the console says so without waiting for the event', () => {
    const o = offer('09:00:00', ['vol-1'], '09:02:00');
    const decline = ev('decline', '09:00:05', { volunteer: 'vol-1', offer: o.id });
    expect(offersFrom([o, decline], ms('09:01:59'))[0]).toMatchObject({ outcome: 'pending', msLeft: 1000 });
    expect(offersFrom([o, decline], ms('09:02:00'))[0]).toMatchObject({ outcome: 'expired', expiredBy: 'time', msLeft: null });
    // …and the event, when it comes, says the same.
    expect(offersFrom([o, decline, ev('expire', '09:02:00', { offer: o.id })], ms('09:02:01'))[0]).toMatchObject({ outcome: 'expired', expiredBy: 'event' });
  });

  it('a second offer after an expiry has its own state; answers go to the offer they name', () => {
    const first = offer('09:00:00', ['vol-1'], '09:01:00');
    const second = offer('09:01:10', ['vol-1', 'vol-4'], '09:03:10');
    const events = [first, ev('expire', '09:01:00', { offer: first.id }), second, ev('decline', '09:01:15', { volunteer: 'vol-1', offer: second.id })];
    const [a, b] = offersFrom(events, ms('09:02:00'));
    expect(a).toMatchObject({ outcome: 'expired', expiredBy: 'event', declined: [] });
    expect(b).toMatchObject({ outcome: 'pending', msLeft: 70_000 });
    expect(b!.declined.map((d) => d.volunteer)).toEqual(['vol-1']);
    expect(offersFrom([...events, ev('accept', '09:02:30', { volunteer: 'vol-4', offer: second.id })], ms('09:02:31'))[1]!.outcome).toBe('accepted');
  });

  it('a v1 platform: answers without data.offer go to the latest open offer; expires_in_s gives the deadline', () => {
    const first = ev('offer', '09:00:00', { volunteers: ['vol-1'], expires_in_s: 60 });
    const second = ev('offer', '09:00:20', { volunteers: ['vol-2'], expires_in_s: 120 });
    const events = [first, second, ev('accept', '09:00:30', { volunteer: 'vol-2' }, '陈**')];
    const [a, b] = offersFrom(events, ms('09:00:40'));
    expect(a).toMatchObject({ outcome: 'pending', msLeft: 20_000 });
    expect(b).toMatchObject({ outcome: 'accepted', acceptedBy: { volunteer: 'vol-2', actor: '陈**' } });
    // An offer with no deadline at all stays pending.
    expect(offersFrom([ev('offer', '09:00:00', { volunteers: ['vol-1'] })], ms('23:00:00'))[0]).toMatchObject({ outcome: 'pending', expiresAt: null, msLeft: null });
  });

  it('no offers: nothing; answers without any offer are left out', () => {
    expect(offersFrom([ev('created', '09:00:00'), ev('accept', '09:00:05', { volunteer: 'vol-1' })], ms('09:01:00'))).toEqual([]);
  });

  it('volunteerIdsOf: every volunteer mentioned, once', () => {
    const o = offer('09:00:00', ['vol-2', 'vol-1'], '09:02:00');
    const offers = offersFrom([o, ev('accept', '09:00:05', { volunteer: 'vol-9', offer: o.id })], ms('09:00:10'));
    expect(volunteerIdsOf(offers)).toEqual(['vol-1', 'vol-2', 'vol-9']);
  });
});
