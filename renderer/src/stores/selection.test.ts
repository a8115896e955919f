// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { storeTestApp, settle } from '../test-support/egret-app.ts';
import { signedInSession, signedOutSession } from '../test-support/board-fixtures.ts';
import { FakeSelection } from '../test-support/fake-selection.ts';
import { useSelectionStore } from './selection.ts';
import { WINDOW_ROUTE } from '../router/role-access.ts';

const Blank = defineComponent({ render: () => null });

/** The console window of a call taker whose host holds `selection`; `route` is the page's route (`/w/<id>`: a workspace window). */
async function windowWith(selection: FakeSelection, route = '/taker') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/taker', component: Blank },
      { path: '/w/:window', name: WINDOW_ROUTE, component: Blank },
    ],
  });
  await router.push(route);
  const app = storeTestApp({ session: signedInSession('call_taker'), router });
  selection.attach(app.host);
  app.client.start();
  const store = app.run(() => useSelectionStore());
  await settle();
  return { app, store };
}

describe('one selection across the windows of an operator', () => {
  it('opens on what the host holds selected (selected in another window before this one opened)', async () => {
    const selection = new FakeSelection();
    selection.choose('inc-7');
    const { store } = await windowWith(selection);
    expect(store.selected).toBe('inc-7');
  });

  it("shows this window's choice at once, then tells the host which window chose", async () => {
    const selection = new FakeSelection();
    selection.holdAnswers = true;
    const { store } = await windowWith(selection);
    void store.select('inc-1');
    expect(store.selected).toBe('inc-1');
    await settle();
    expect(selection.sets).toEqual([{ incident: 'inc-1', window: 'main' }]);

    // A popped-out window (`#/w/<id>`) names itself.
    const hostOfPopped = new FakeSelection();
    const popped = await windowWith(hostOfPopped, '/w/map-2');
    await popped.store.select('inc-2');
    expect(hostOfPopped.sets).toEqual([{ incident: 'inc-2', window: 'map-2' }]);
  });

  it('follows the choices of the other windows in the order the host made them, never going back to an older one', async () => {
    const selection = new FakeSelection();
    const { app, store } = await windowWith(selection);
    selection.choose('inc-1');
    await settle();
    expect(store.selected).toBe('inc-1');
    const older = selection.state;
    selection.choose('inc-2');
    await settle();
    expect(store.selected).toBe('inc-2');
    // A push from before that change arrives late: ignored.
    app.host.publish('selection', older);
    await settle();
    expect(store.selected).toBe('inc-2');
    selection.choose(null);
    await settle();
    expect(store.selected).toBeNull();
  });

  it('keeps showing its own newest choice while its earlier ones echo back, then whatever the host chose last', async () => {
    const selection = new FakeSelection();
    selection.holdAnswers = true;
    const { store } = await windowWith(selection);
    void store.select('inc-a');
    void store.select('inc-b');
    await settle();
    // Both pushes are in (inc-a's, then inc-b's); the answers are not: no flicker back to inc-a.
    expect(selection.sets.map((s) => s.incident)).toEqual(['inc-a', 'inc-b']);
    expect(store.selected).toBe('inc-b');

    // Another window chooses while this one's answers are still on their way: the newest choice wins once they are in.
    selection.choose('inc-c');
    await settle();
    expect(store.selected).toBe('inc-b');
    selection.release();
    await settle();
    expect(store.selected).toBe('inc-c');
  });

  it("keeps the operator's choice in this window when the host refuses it, and says why", async () => {
    const selection = new FakeSelection();
    const { app, store } = await windowWith(selection);
    app.host.handlers['selection.set'] = () => {
      throw new Error('the host is busy');
    };
    await store.select('inc-9');
    expect(store.selected).toBe('inc-9');
    expect(store.error?.message).toContain('the host is busy');
    // The next push from another window is followed as usual.
    selection.choose('inc-10');
    await settle();
    expect(store.selected).toBe('inc-10');
    expect(store.error?.message).toContain('the host is busy');
  });

  it('a pinned window ignores the other windows, and catches up with their newest choice when unpinned', async () => {
    const selection = new FakeSelection();
    const { store } = await windowWith(selection);
    selection.choose('inc-1');
    await settle();
    store.setPinned(true);
    expect(store.pinned).toBe(true);
    selection.choose('inc-2');
    selection.choose('inc-3');
    await settle();
    expect(store.selected).toBe('inc-1');
    // What the operator picks in a pinned window is still shared.
    await store.select('inc-4');
    expect(store.selected).toBe('inc-4');
    expect(selection.state.incident).toBe('inc-4');
    selection.choose('inc-5');
    await settle();
    expect(store.selected).toBe('inc-4');
    store.setPinned(false);
    expect(store.selected).toBe('inc-5');
  });

  it('counts each pick, the same incident again included, and each change followed, but not an echo of what is shown', async () => {
    const selection = new FakeSelection();
    const { store } = await windowWith(selection);
    const before = store.picks;
    await store.select('inc-1');
    await store.select('inc-1');
    expect(store.picks).toBe(before + 2);
    // Picked again, it is nothing new for the host.
    expect(selection.sets).toEqual([{ incident: 'inc-1', window: 'main' }]);
    selection.choose('inc-1');
    await settle();
    expect(store.picks).toBe(before + 2);
    selection.choose('inc-2');
    await settle();
    expect(store.picks).toBe(before + 3);
  });

  it('drops the selection on sign-out, and an answer still on its way with it', async () => {
    const selection = new FakeSelection();
    selection.holdAnswers = true;
    const { app, store } = await windowWith(selection);
    void store.select('inc-1');
    await settle();
    app.host.state.session = signedOutSession();
    app.host.publish('session.info', app.host.state.session);
    await settle();
    expect(store.selected).toBeNull();
    selection.release();
    await settle();
    expect(store.selected).toBeNull();
  });

  it('takes what a restarted host holds after a reconnect, though its count began again', async () => {
    const selection = new FakeSelection();
    const { app, store } = await windowWith(selection);
    selection.choose('inc-1');
    selection.choose('inc-2');
    await settle();
    expect(store.selected).toBe('inc-2');

    selection.state = { incident: 'inc-after', window: 'main', seq: 1, at: '2025-03-14T02:00:00.000Z' };
    app.host.shell.current.close();
    app.timers.advance(1_000);
    await settle();
    await settle();
    expect(store.selected).toBe('inc-after');
    selection.choose('inc-next');
    await settle();
    expect(store.selected).toBe('inc-next');
  });
});
