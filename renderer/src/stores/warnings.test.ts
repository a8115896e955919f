// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Warning, WarningsState } from '../../../native/api/index.ts';
import { ApiCallError } from '../api/api-call-error.ts';
import { storeTestApp, settle } from '../test-support/egret-app.ts';
import { signedInSession, signedOutSession } from '../test-support/board-fixtures.ts';
import { warning, warningsState } from '../test-support/warning-fixtures.ts';
import { WARNING_PULSE_MS, useWarningsStore } from './warnings.ts';

function warningsApp(session = signedInSession(), first: WarningsState = warningsState()) {
  const app = storeTestApp({ session });
  let current = first;
  let reads = 0;
  app.host.handlers['warnings.list'] = () => {
    reads++;
    return current;
  };
  app.client.setSignedIn(session.signedIn);
  app.client.start();
  const store = app.run(() => useWarningsStore());
  return {
    ...app,
    store,
    reads: () => reads,
    setList(next: WarningsState) {
      current = next;
    },
  };
}

const handled = (key: string, action: 'acknowledged' | 'dismissed', at: number): Warning =>
  warning({ key, status: action, handling: { action, by: '陈静', at, text: '' } });

describe('warnings store', () => {
  it('reads the warnings at sign-in, not before, and forgets them at sign-out', async () => {
    const app = warningsApp(signedOutSession());
    await settle();
    expect(app.reads()).toBe(0);
    expect(app.store.warnings).toEqual([]);

    app.host.state.session = signedInSession('call_taker');
    app.host.publish('session.info', app.host.state.session);
    await settle();
    await settle();
    expect(app.reads()).toBe(1);
    expect(app.store.open).toBe(1);
    expect(app.store.warnings[0]!.kind).toBe('cluster');
    expect(app.store.mayAct).toBe(false);

    app.host.state.session = signedOutSession();
    app.host.publish('session.info', app.host.state.session);
    await settle();
    expect(app.store.warnings).toEqual([]);
    expect(app.store.open).toBe(0);
  });

  it('follows the topic, and a late answer from an older computation never undoes a newer push', async () => {
    const app = warningsApp();
    await settle();
    await settle();
    let answer: (value: WarningsState) => void = () => {};
    app.host.handlers['warnings.list'] = () => new Promise<WarningsState>((resolve) => (answer = resolve));
    const newer = warningsState([warning(), warning({ key: 'surge:350206:110', kind: 'surge', family: null, line: '110' })], {
      computedAt: Date.UTC(2025, 2, 14, 2, 0),
    });
    // The push lands while the read is on its way; the read answers with what it computed before.
    const reading = app.store.load();
    await settle();
    app.host.publish('warnings', newer);
    await settle();
    answer(warningsState([warning()], { computedAt: Date.UTC(2025, 2, 14, 1, 30) }));
    await reading;
    expect(app.store.warnings.map((w) => w.kind)).toEqual(['cluster', 'surge']);
    expect(app.store.open).toBe(2);
  });

  it('lists open warnings first, then the handled ones, latest handling first', async () => {
    const app = warningsApp(
      signedInSession(),
      warningsState([handled('a', 'acknowledged', 100), warning({ key: 'b' }), handled('c', 'dismissed', 300), warning({ key: 'd' })]),
    );
    await settle();
    await settle();
    expect(app.store.warnings.map((w) => w.key)).toEqual(['b', 'd', 'c', 'a']);
  });

  it('pulses the badge for a warning it has not shown, not for the first read nor for one that grows under its key', async () => {
    const app = warningsApp();
    await settle();
    await settle();
    expect(app.store.pulsing).toBe(false);

    // The same cluster with a fifth incident: updated in place, no pulse.
    app.host.publish(
      'warnings',
      warningsState([warning({ observed: 5, incidents: ['inc-5', ...warning().incidents] })], { computedAt: Date.UTC(2025, 2, 14, 1, 10) }),
    );
    await settle();
    expect(app.store.pulsing).toBe(false);
    expect(app.store.warnings[0]!.observed).toBe(5);

    app.host.publish('warnings', warningsState([warning(), warning({ key: 'new-one' })], { computedAt: Date.UTC(2025, 2, 14, 1, 11) }));
    await settle();
    expect(app.store.pulsing).toBe(true);
    app.timers.advance(WARNING_PULSE_MS - 1);
    expect(app.store.pulsing).toBe(true);
    app.timers.advance(1);
    expect(app.store.pulsing).toBe(false);
  });

  it("acknowledges with the note written (none when blank) and shows the host's answer at once", async () => {
    const app = warningsApp();
    const sent: unknown[] = [];
    app.host.handlers['warnings.acknowledge'] = (params) => {
      sent.push(params);
      return { ...warning(), status: 'acknowledged', handling: { action: 'acknowledged', by: '陈静', at: 5, text: params.note ?? '' } };
    };
    await settle();
    await settle();
    const result = await app.store.acknowledge(warning().key, '  已通知思明分局加强巡逻 ');
    expect(result.ok).toBe(true);
    expect(sent).toEqual([{ key: warning().key, note: '已通知思明分局加强巡逻' }]);
    expect(app.store.warnings[0]!.status).toBe('acknowledged');
    expect(app.store.open).toBe(0);

    await app.store.acknowledge(warning().key, '   ');
    expect(sent[1]).toEqual({ key: warning().key });
  });

  it('a refused dismissal changes nothing and says why', async () => {
    const app = warningsApp(signedInSession('call_taker'));
    app.host.handlers['warnings.dismiss'] = () => {
      throw new ApiCallError('forbidden', 'only a duty chief may dismiss a warning');
    };
    await settle();
    await settle();
    const result = await app.store.dismiss(warning().key, '误报');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('forbidden');
    expect(app.store.warnings[0]!.status).toBe('open');
    expect(app.store.open).toBe(1);
  });

  it('forgets a selected warning that is no longer listed', async () => {
    const app = warningsApp();
    await settle();
    await settle();
    app.store.select(warning().key);
    expect(app.store.selected?.key).toBe(warning().key);
    app.host.publish('warnings', warningsState([], { computedAt: Date.UTC(2025, 2, 15) }));
    await settle();
    expect(app.store.selectedKey).toBeNull();
  });
});
