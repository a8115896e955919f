// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { storeTestApp, settle } from '../test-support/egret-app.ts';
import { signedInSession, signedOutSession } from '../test-support/board-fixtures.ts';
import { useSessionStore } from './session.ts';
import { useNoticesStore } from './notices.ts';
import { useBoardStore } from './board.ts';

describe('session store and topics that need sign-in', () => {
  it('a window open before sign-in subscribes entities.changed and command.result once the session is signed in', async () => {
    const app = storeTestApp({ session: signedOutSession() });
    app.client.start();
    app.run(() => {
      useSessionStore();
      useBoardStore();
      useNoticesStore();
    });
    await settle();
    const subscribed = () => app.host.shell.current.frames('subscribe').map((f) => f.topic);
    expect(subscribed()).not.toContain('entities.changed');
    expect(subscribed()).not.toContain('command.result');

    // Sign-in happens (here or in another window); the host pushes the new session.
    app.host.state.session = signedInSession('call_taker');
    app.host.publish('session.info', app.host.state.session);
    await settle();
    expect(subscribed()).toContain('entities.changed');
    expect(subscribed()).toContain('command.result');

    app.host.state.session = signedOutSession();
    app.host.publish('session.info', app.host.state.session);
    await settle();
    expect(
      app.host.shell.current
        .frames('unsubscribe')
        .map((f) => f.topic)
        .sort(),
    ).toEqual(['command.result', 'entities.changed', 'incidents.alarm']);
  });

  it('waits for the platform to confirm the role before asking (the host checks the role)', async () => {
    const app = storeTestApp({ session: { ...signedInSession(), role: null, operator: null } });
    app.client.start();
    app.run(() => useBoardStore());
    await settle();
    expect(app.host.shell.current.frames('subscribe').map((f) => f.topic)).not.toContain('entities.changed');
  });
});
