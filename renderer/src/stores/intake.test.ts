// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Params, PlaceMatch, Result } from '../../../native/api/index.ts';
import { storeTestApp, settle } from '../test-support/egret-app.ts';
import { signedInSession } from '../test-support/board-fixtures.ts';
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
  const searches: { params: Params<'places.suggest'>; resolve: (r: Result<'places.suggest'>) => void }[] = [];
  const geocodes: { params: Params<'places.geocode'>; resolve: (r: Result<'places.geocode'>) => void }[] = [];
  app.host.handlers['incidents.duplicates'] = (params) => new Promise((resolve) => probes.push({ params, resolve }));
  app.host.handlers['places.suggest'] = (params) => new Promise((resolve) => searches.push({ params, resolve }));
  app.host.handlers['places.geocode'] = (params) => new Promise((resolve) => geocodes.push({ params, resolve }));
  app.host.handlers['command.send'] = (params) => ({ id: `cmd-${params.name}`, name: params.name, queuedAt: '2025-03-14T01:06:00.000Z' });
  return { ...app, probes, searches, geocodes };
}

const ZHONGSHAN_ROAD: PlaceMatch = {
  source: 'place',
  id: 'pl-zsl',
  name: '中山路',
  address: '厦门市思明区中山路',
  kind: 'road',
  precision: 'road',
  district: '350203',
  street: '中华街道',
  community: null,
  lat: 24.4567,
  lng: 118.0801,
  score: 0.9,
};

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
    app.searches[0]!.resolve({ items: [ZHONGSHAN_ROAD] });
    await flush();
    expect(intake.addressSuggestions).toEqual([]);
    expect(intake.addressSearching).toBe(false);
  });

  it('a geocode answer for a report the operator has cleared meanwhile lands nowhere: not on the next report', async () => {
    const app = heldIntake();
    app.client.start();
    const intake = app.run(() => useIntakeStore());
    await settle();
    intake.setAddress('中山路');
    intake.setCategory('public_order.noise');
    const filing = intake.submit();
    await settle();
    expect(app.geocodes.map((g) => g.params)).toEqual([{ address: '中山路' }]);
    expect(intake.submitting).toBe(true);

    intake.clear();
    intake.setAddress('中山路');
    app.geocodes[0]!.resolve({ best: ZHONGSHAN_ROAD, alternatives: [] });
    expect(await filing).toBeNull();
    expect(intake.confirmation).toBeNull();
    expect(intake.draft.lat).toBeNull();
  });

  it('files the located address with its areas; an edit to the address takes its place away again', async () => {
    const app = heldIntake();
    app.client.start();
    const intake = app.run(() => useIntakeStore());
    await settle();
    intake.setAddress('中山');
    intake.pickAddress({ key: 'k', match: ZHONGSHAN_ROAD });
    expect(intake.draft).toMatchObject({
      address: '厦门市思明区中山路',
      district: '350203',
      street: '中华街道',
      community: null,
      lat: 24.4567,
      lng: 118.0801,
    });
    expect(intake.draft.location).toEqual({
      source: 'picked',
      name: '中山路',
      address: '厦门市思明区中山路',
      precision: 'road',
      kind: 'road',
    });
    intake.setAddress('厦门市思明区中山路 12 号');
    expect(intake.draft).toMatchObject({
      district: null,
      street: null,
      community: null,
      lat: null,
      lng: null,
      location: null,
      unlocated: null,
    });
  });

  it('a pin on the map snapped to a place locates the draft as picking it would; an empty address takes the place’s', async () => {
    const app = heldIntake();
    app.client.start();
    const intake = app.run(() => useIntakeStore());
    await settle();
    const house: PlaceMatch = { ...ZHONGSHAN_ROAD, id: 'pl-zs-12', name: '中山路12号', address: '厦门市思明区中山路12号', kind: 'address', precision: 'address', community: '中山社区' };
    intake.placePin({ lat: house.lat!, lng: house.lng!, place: house, district: '350203' });
    expect(intake.draft).toMatchObject({
      address: '厦门市思明区中山路12号',
      district: '350203',
      street: '中华街道',
      community: '中山社区',
      lat: 24.4567,
      lng: 118.0801,
    });
    expect(intake.draft.location).toMatchObject({ source: 'map', name: '中山路12号', precision: 'address' });
    // The text says more (the floor); the pin still says where.
    intake.setAddress('厦门市思明区中山路12号3楼');
    expect(intake.draft).toMatchObject({ lat: 24.4567, lng: 118.0801, district: '350203', location: { source: 'map' } });
  });

  it('a bare pin keeps the typed address and gets its point and district; the geocode question goes', async () => {
    const app = heldIntake();
    app.client.start();
    const intake = app.run(() => useIntakeStore());
    await settle();
    intake.setCategory('traffic.collision');
    intake.setAddress('海沧大桥桥头往东');
    const submitting = intake.submit();
    await settle();
    app.geocodes[0]!.resolve({ best: ZHONGSHAN_ROAD, alternatives: [] });
    await submitting;
    expect(intake.confirmation?.step).toBe('location');
    intake.placePin({ lat: 24.4901, lng: 118.0702, place: null, district: '350205' });
    expect(intake.confirmation).toBeNull();
    expect(intake.draft).toMatchObject({
      address: '海沧大桥桥头往东',
      district: '350205',
      street: null,
      community: null,
      lat: 24.4901,
      lng: 118.0702,
      location: { source: 'map', precision: 'address' },
    });
    // Located now: the next submit files without asking again.
    expect(await intake.submit()).not.toBeNull();
    expect(app.geocodes).toHaveLength(1);
  });
});
