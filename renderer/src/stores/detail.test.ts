// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../native/api/index.ts';
import { ApiCallError } from '../api/api-call-error.ts';
import { storeTestApp, settle } from '../test-support/egret-app.ts';
import { incidentRecord, signedInSession, signedOutSession } from '../test-support/board-fixtures.ts';
import { useDetailStore } from './detail.ts';

type Answer = Result<'incident.get'>;

/** A host whose incident.get answers only when the test says, in any order. */
function heldDetail(session = signedInSession('call_taker')) {
  const app = storeTestApp({ session });
  const waiting: { id: string; resolve: (a: Answer) => void; reject: (e: unknown) => void }[] = [];
  app.host.handlers['incident.get'] = ({ id }) => new Promise<Answer>((resolve, reject) => waiting.push({ id, resolve, reject }));
  const answer = async (id: string, title: string) => {
    const at = waiting.findIndex((w) => w.id === id);
    if (at < 0) throw new Error(`no incident.get waiting for ${id}`);
    waiting.splice(at, 1)[0]!.resolve({ incident: incidentRecord({ id, title }), events: [] });
    await settle();
    await settle();
  };
  return { ...app, waiting, answer };
}

describe('detail store', () => {
  it('asks for the incident opened at once, and never shows the late answer for the one the operator left', async () => {
    const app = heldDetail();
    app.client.start();
    const detail = app.run(() => useDetailStore());
    await settle();
    detail.open('inc-a');
    await settle();
    detail.open('inc-b');
    await settle();
    expect(app.waiting.map((w) => w.id)).toEqual(['inc-a', 'inc-b']);
    expect(detail.loading).toBe(true);

    await app.answer('inc-b', 'B');
    expect(detail.incident?.title).toBe('B');
    await app.answer('inc-a', 'A, too late');
    expect(detail.incident?.id).toBe('inc-b');
    expect(detail.incident?.title).toBe('B');
    expect(detail.loading).toBe(false);
  });

  it('shows a timeline oldest first, whatever order it came in', async () => {
    const app = storeTestApp({ session: signedInSession('call_taker') });
    const event = (id: string, at: string) => ({ id, rev: 1, incident: 'inc-a', at, actor: 'platform', kind: 'note' as const });
    app.host.handlers['incident.get'] = () => ({
      incident: incidentRecord({ id: 'inc-a' }),
      events: [
        event('ev-3', '2025-03-14T09:07:00+08:00'),
        event('ev-2', '2025-03-14T01:05:00Z'),
        event('ev-1', '2025-03-14T09:05:00+08:00'),
      ],
    });
    app.client.start();
    const detail = app.run(() => useDetailStore());
    detail.open('inc-a');
    for (let i = 0; i < 3; i++) await settle();
    expect(detail.events.map((e) => e.id)).toEqual(['ev-1', 'ev-2', 'ev-3']);
  });

  it('says the incident is missing rather than failing when the cache no longer has it', async () => {
    const app = heldDetail();
    app.client.start();
    const detail = app.run(() => useDetailStore());
    detail.open('inc-gone');
    await settle();
    app.waiting.shift()!.reject(new ApiCallError('not_found', 'no incident inc-gone in the cache'));
    await settle();
    await settle();
    expect(detail.missing).toBe(true);
    expect(detail.error).toBeNull();
  });

  it('re-reads the open incident when this window reconnects to the host', async () => {
    const app = storeTestApp({ session: signedInSession('call_taker') });
    let reads = 0;
    app.host.handlers['incident.get'] = ({ id }) => {
      reads++;
      return { incident: incidentRecord({ id }), events: [] };
    };
    app.client.start();
    const detail = app.run(() => useDetailStore());
    detail.open('inc-a');
    for (let i = 0; i < 3; i++) await settle();
    expect(reads).toBe(1);

    app.host.shell.transports.at(-1)!.close();
    app.timers.advance(10_000);
    for (let i = 0; i < 4; i++) await settle();
    expect(reads).toBe(2);
  });

  it('drops the incident on sign-out, and an answer still on its way with it', async () => {
    const app = heldDetail();
    app.client.start();
    const detail = app.run(() => useDetailStore());
    detail.open('inc-a');
    await settle();
    app.host.state.session = signedOutSession();
    app.host.publish('session.info', app.host.state.session);
    await settle();
    expect(detail.id).toBeNull();
    await app.answer('inc-a', 'for whoever signed out');
    expect(detail.incident).toBeNull();
  });
});
