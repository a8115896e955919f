// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Params, Result } from '../../../native/api/index.ts';
import { storeTestApp, settle } from '../test-support/egret-app.ts';
import { incidentRow, signedInSession } from '../test-support/board-fixtures.ts';
import { INTAKE_DEBOUNCE_MS, useIntakeStore } from './intake.ts';

type Candidate = Result<'incidents.duplicates'>[number];

function candidate(id: string): Candidate {
  return {
    id,
    title: id,
    status: 'new',
    priority: 2,
    category: 'traffic.collision',
    address: null,
    reportedAt: 0,
    metres: null,
    reason: 'same_caller',
  };
}

/** A call taker's intake with the host's answers held until the test gives them. */
function heldIntake() {
  const app = storeTestApp({ session: signedInSession('call_taker'), locale: 'en' });
  const probes: { params: Params<'incidents.duplicates'>; resolve: (c: Candidate[]) => void }[] = [];
  const searches: { params: Params<'incidents.page'>; resolve: (r: Result<'incidents.page'>) => void }[] = [];
  app.host.handlers['incidents.duplicates'] = (params) => new Promise((resolve) => probes.push({ params, resolve }));
  app.host.handlers['incidents.page'] = (params) => new Promise((resolve) => searches.push({ params, resolve }));
  return { ...app, probes, searches };
}

const flush = async () => {
  for (let i = 0; i < 4; i++) await settle();
};

describe('intake store', () => {
  it('shows the candidates for the number typed last, whichever answer comes back first', async () => {
    const app = heldIntake();
    app.client.start();
    const intake = app.run(() => useIntakeStore());
    await settle();

    intake.draft.phone = '13800001111';
    await settle();
    app.timers.advance(INTAKE_DEBOUNCE_MS);
    intake.draft.phone = '13800002222';
    await settle();
    app.timers.advance(INTAKE_DEBOUNCE_MS);
    await settle();
    expect(app.probes.map((p) => p.params.callerPhone)).toEqual(['13800001111', '13800002222']);

    app.probes[1]!.resolve([candidate('inc-for-2222')]);
    await flush();
    app.probes[0]!.resolve([candidate('inc-for-1111')]);
    await flush();
    expect(intake.duplicates.map((d) => d.id)).toEqual(['inc-for-2222']);
  });

  it('sends one duplicate check for a burst of typing, after the pause', async () => {
    const app = heldIntake();
    app.client.start();
    const intake = app.run(() => useIntakeStore());
    await settle();
    for (const phone of ['138', '1380000', '13800003333']) {
      intake.draft.phone = phone;
      await settle();
      app.timers.advance(INTAKE_DEBOUNCE_MS - 50);
    }
    expect(app.probes).toHaveLength(0);
    app.timers.advance(50);
    await settle();
    expect(app.probes.map((p) => p.params.callerPhone)).toEqual(['13800003333']);
  });

  it('an address look-up still on its way when the form is cleared does not bring its suggestions back', async () => {
    const app = heldIntake();
    app.client.start();
    const intake = app.run(() => useIntakeStore());
    await settle();
    intake.setAddress('湖滨南路');
    app.timers.advance(INTAKE_DEBOUNCE_MS);
    await settle();
    expect(app.searches).toHaveLength(1);
    expect(intake.addressSearching).toBe(true);

    intake.clear();
    app.searches[0]!.resolve({ total: 1, byPriority: [0, 1, 0, 0], rows: [incidentRow({ id: 'inc-old', address: '湖滨南路 388 号' })] });
    await flush();
    expect(intake.addressSuggestions).toEqual([]);
    expect(intake.addressSearching).toBe(false);
  });
});
