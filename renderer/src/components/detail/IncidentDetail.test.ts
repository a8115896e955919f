// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Params, Role, WaveState } from '../../../../native/api/index.ts';
import IncidentDetail from './IncidentDetail.vue';
import { nextLevel } from '../../../../native/api/rules.ts';
import { allowedActions, transitionTargets } from './actions.ts';
import { changedFields, type Incident, type IncidentEvent } from '../../stores/detail.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { incidentRecord, signedInSession } from '../../test-support/board-fixtures.ts';
import { FakeSelection } from '../../test-support/fake-selection.ts';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

const incident = incidentRecord;

const WAVE_SETTINGS = { urbanRadiusM: 500, otherRadiusM: 1000, n: 3, expiresInS: 60, maxWaves: 3, maxRadiusM: 3000, urbanDistricts: ['350203', '350206'] };
function waveRun(overrides: Partial<WaveState> = {}): WaveState {
  return {
    incident: 'inc-2025-000123',
    wave: 1,
    maxWaves: 3,
    radiusM: 500,
    volunteers: ['vol-1'],
    offered: ['vol-1'],
    expiresAt: Date.now() + 60_000,
    nextWaveAt: Date.now() + 60_000,
    state: 'running',
    acceptedBy: null,
    startedBy: 'op-01',
    waves: [],
    reason: null,
    ...overrides,
  };
}

const events: IncidentEvent[] = [
  { id: 'ev-2', rev: 1, incident: 'inc-2025-000123', at: '2025-03-14T09:07:00+08:00', actor: '林晓', kind: 'note', text: '已联系现场' },
  { id: 'ev-1', rev: 1, incident: 'inc-2025-000123', at: '2025-03-14T09:05:00+08:00', actor: 'platform', kind: 'created' },
];

async function flush(): Promise<void> {
  for (let i = 0; i < 4; i++) await settle();
}

function mountDetail(role: Role, record: Incident = incident(), locale: 'en' | 'zh-CN' = 'en', timeline: IncidentEvent[] = events) {
  const app = egretTestApp({ session: signedInSession(role), locale });
  let current = record;
  const sent: Params<'command.send'>[] = [];
  const asked = { get: 0, departments: [] as Params<'departments.list'>[], volunteers: [] as Params<'volunteers.nearest'>[] };
  let nextCommand = 1;
  app.host.handlers['incident.get'] = () => {
    asked.get++;
    return { incident: { ...current }, events: [...timeline] };
  };
  app.host.handlers['command.send'] = (params) => {
    sent.push(params);
    return { id: `cmd-${nextCommand++}`, name: params.name, queuedAt: '2025-03-14T01:10:00.000Z' };
  };
  app.host.handlers['departments.list'] = (params) => {
    asked.departments.push(params);
    return [
      { id: 'dept-huli-fire', name: '湖里消防救援大队', kind: 'fire', level: 'district', district: '350206', suggested: true },
      { id: 'dept-huli-police', name: '湖里公安分局', kind: 'police', level: 'district', district: '350206', suggested: true },
      { id: 'dept-siming-fire', name: '思明消防救援大队', kind: 'fire', level: 'district', district: '350203', suggested: false },
      { id: 'dept-city-health', name: '市急救中心', kind: 'health', level: 'city', district: null, suggested: false },
    ];
  };
  app.host.handlers['volunteers.nearest'] = (params) => {
    asked.volunteers.push(params);
    return [
      { id: 'vol-1', name: '张*', metres: 150, state: 'available', lat: 24.5, lng: 118.1, verified: true, lastSeenS: 4 },
      { id: 'vol-2', name: '李*', metres: 820, state: 'available', lat: 24.5, lng: 118.1, verified: true, lastSeenS: 190 },
    ];
  };
  const wavesStarted: Params<'offers.start'>[] = [];
  app.host.handlers['offers.settings'] = () => ({ ...WAVE_SETTINGS });
  app.host.handlers['offers.list'] = () => [];
  app.host.handlers['offers.start'] = (params) => {
    wavesStarted.push(params);
    return waveRun({ incident: params.incident });
  };
  app.client.start();
  wrapper = mount(IncidentDetail, {
    props: { incidentId: record.id, timeZone: 'Asia/Shanghai' },
    global: { plugins: [app.plugin] },
    attachTo: document.body,
  });
  return { ...app, wrapper, sent, asked, wavesStarted, setIncident: (next: Incident) => (current = next) };
}

const actionNames = (w: VueWrapper) =>
  w.findAll('[data-testid^="detail-action-"]').map((b) => b.attributes('data-testid')!.replace('detail-action-', ''));

describe('action rules (mirrors of §7 and §8)', () => {
  it('call taker: no escalate and no close; chief: everything the status allows', () => {
    const at = (status: string, level = 'street') => ({ status, level, hasLocation: true });
    expect(allowedActions('call_taker', at('new'))).toEqual(['verify', 'dispatch', 'offer', 'note', 'merge', 'transition']);
    expect(transitionTargets('call_taker', 'new')).toEqual(['cancelled']);
    expect(allowedActions('duty_chief', at('new'))).toEqual(['verify', 'dispatch', 'escalate', 'offer', 'note', 'merge', 'transition']);
    expect(allowedActions('call_taker', at('resolved'))).toEqual(['dispatch', 'note', 'followup']);
    expect(allowedActions('duty_chief', at('resolved'))).toEqual(['dispatch', 'note', 'transition', 'followup']);
    expect(transitionTargets('duty_chief', 'resolved')).toEqual(['closed']);
    expect(transitionTargets('duty_chief', 'on_scene')).toEqual(['resolved']);
    expect(allowedActions('call_taker', at('on_scene'))).toEqual(['note']);
    expect(allowedActions('duty_chief', at('closed'))).toEqual(['note', 'followup']);
    expect(allowedActions('video_patroller', at('new'))).toEqual(['note']);
    expect(allowedActions(null, at('new'))).toEqual([]);
    // Escalation goes one level up, and stops at the city.
    expect(nextLevel('district')).toBe('city');
    expect(nextLevel('city')).toBeNull();
    expect(allowedActions('duty_chief', at('verified', 'city'))).not.toContain('escalate');
    // Offering needs a location.
    expect(allowedActions('duty_chief', { status: 'new', level: 'street', hasLocation: false })).not.toContain('offer');
  });

  it('a conflict diff leaves out rev and updated_at', () => {
    const before = incident();
    const after = incident({ rev: 5, updated_at: 'later', status: 'dispatched', departments: ['d-1'] });
    expect(changedFields(before, after).map((c) => c.field)).toEqual(['departments', 'status']);
  });
});

describe('IncidentDetail', () => {
  it('shows the fields, the phone as the host gave it, the timeline in order and photos that open large', async () => {
    const photoUrl = 'https://brain.example.gov/files/att-1';
    const { wrapper } = mountDetail(
      'call_taker',
      incident({
        attachments: [
          { id: 'att-1', kind: 'photo', url: photoUrl, mime: 'image/png' },
          { id: 'att-2', kind: 'photo', url: '/files/att-2', mime: 'image/png' },
          { id: 'att-3', kind: 'file', url: 'https://brain.example.gov/files/att-3', mime: 'application/pdf' },
        ],
      }),
    );
    await flush();
    expect(wrapper.get('[data-testid="detail"]').attributes('data-id')).toBe('inc-2025-000123');
    expect(wrapper.get('[data-testid="detail-title"]').text()).toBe('仓库起火');
    expect(wrapper.get('[data-testid="detail-status"]').attributes('data-status')).toBe('new');
    expect(wrapper.get('[data-testid="detail-status"]').text()).toBe('New');
    expect(wrapper.get('[data-testid="detail-caller-phone"]').text()).toBe('138****5678');
    expect(wrapper.text()).toContain('masked for your role');
    expect(wrapper.text()).toContain('湖里区华光路 12 号');
    // A category the console's tree lacks: its root's name and the code's last part made readable.
    expect(wrapper.get('[data-testid="detail-category"]').text()).toBe('Fire · Warehouse');
    const timeline = wrapper.findAll('[data-testid="timeline-event"]');
    expect(timeline.map((e) => e.attributes('data-kind'))).toEqual(['created', 'note']);
    expect(timeline[1]!.text()).toContain('已联系现场');

    const thumbs = wrapper.findAll('[data-testid="detail-photo"]');
    expect(thumbs).toHaveLength(2);
    expect(thumbs[0]!.get('img').attributes('src')).toBe(photoUrl);
    // A relative URL is on the platform's origin (wss → https).
    expect(thumbs[1]!.get('img').attributes('src')).toBe('https://platform.example/files/att-2');
    expect(wrapper.findAll('[data-testid="detail-file"]')).toHaveLength(1);

    await thumbs[0]!.trigger('click');
    await settle();
    const box = wrapper.get('[data-testid="detail-lightbox"]');
    expect(box.get('img').attributes('src')).toBe(photoUrl);
    await box.trigger('keydown', { key: 'ArrowRight' });
    expect(wrapper.get('[data-testid="detail-lightbox"] img').attributes('src')).toBe('https://platform.example/files/att-2');
    await wrapper.get('[data-testid="detail-lightbox"]').trigger('keydown', { key: 'Escape' });
    expect(wrapper.find('[data-testid="detail-lightbox"]').exists()).toBe(false);
  });

  it('names units, volunteers, the category and what each timeline event did — never their ids — in both languages', async () => {
    const record = incident({
      category: 'traffic.illegal_parking',
      status: 'dispatched',
      departments: ['dept-huli-fire', 'dept-gone'],
      volunteers: ['vol-1', 'vol-9'],
    });
    const timeline: IncidentEvent[] = [
      { id: 'ev-1', rev: 1, incident: record.id, at: '2025-03-14T09:05:00+08:00', actor: '林晓', kind: 'status', data: { from: 'new', to: 'verified' } },
      {
        id: 'ev-2',
        rev: 1,
        incident: record.id,
        at: '2025-03-14T09:06:00+08:00',
        actor: '林晓',
        kind: 'dispatch',
        data: { from: 'verified', departments: ['dept-huli-fire', 'dept-huli-police'] },
      },
      { id: 'ev-3', rev: 1, incident: record.id, at: '2025-03-14T09:07:00+08:00', actor: '陈静', kind: 'escalate', text: '跨街道', data: { from: 'community', to: 'street' } },
    ];
    for (const locale of ['en', 'zh-CN'] as const) {
      const app = mountDetail('duty_chief', record, locale, timeline);
      app.host.handlers['volunteers.names'] = ({ ids }) => (ids.includes('vol-1') ? [{ id: 'vol-1', name: '张*' }] : []);
      await flush();
      const w = app.wrapper;
      const departments = w.get('[data-testid="detail-departments"]');
      const volunteers = w.get('[data-testid="detail-volunteers"]');
      const summaries = w.findAll('[data-testid="timeline-summary"]').map((e) => e.text());
      if (locale === 'en') {
        expect(w.get('[data-testid="detail-category"]').text()).toBe('Traffic · Illegal parking');
        expect(departments.text()).toBe('湖里消防救援大队, Unknown unit');
        expect(volunteers.text()).toBe('张*, Unknown volunteer');
        expect(summaries).toEqual(['New → Verified', 'To: 湖里消防救援大队, 湖里公安分局', 'Community → Street']);
      } else {
        expect(w.get('[data-testid="detail-category"]').text()).toBe('交通 · 违停');
        expect(departments.text()).toBe('湖里消防救援大队、未知单位');
        expect(volunteers.text()).toBe('张*、未知志愿者');
        expect(summaries).toEqual(['新建 → 已核实', '派往：湖里消防救援大队、湖里公安分局', '社区 → 街道']);
      }
      // Only a name the cache cannot give keeps its id, in the tooltip.
      expect(departments.attributes('title')).toBe('dept-gone');
      expect(volunteers.attributes('title')).toBe('vol-9');
      expect(w.text()).not.toMatch(/\b(?:dept|vol)-|[a-z]+_[a-z]+|traffic\./);
      w.unmount();
      wrapper = null;
    }
  });

  it('offers a call taker only what the role and status allow: no escalate, no close', async () => {
    const taker = mountDetail('call_taker');
    await flush();
    expect(actionNames(taker.wrapper)).toEqual(['verify', 'dispatch', 'offer', 'note', 'merge', 'transition']);
    await taker.wrapper.get('[data-testid="detail-action-transition"]').trigger('click');
    expect(taker.wrapper.findAll('[data-testid^="detail-transition-"]').map((b) => b.attributes('data-testid'))).toEqual([
      'detail-transition-cancelled',
    ]);
    taker.wrapper.unmount();

    const resolved = mountDetail('call_taker', incident({ status: 'resolved' }));
    await flush();
    expect(actionNames(resolved.wrapper)).toEqual(['dispatch', 'note', 'followup']);
    expect(resolved.wrapper.find('[data-testid="detail-action-escalate"]').exists()).toBe(false);
  });

  it('offers a duty chief everything, closing and escalating to the city included', async () => {
    const chief = mountDetail('duty_chief', incident({ status: 'resolved', level: 'district' }));
    await flush();
    expect(actionNames(chief.wrapper)).toEqual(['dispatch', 'note', 'transition', 'followup']);
    await chief.wrapper.get('[data-testid="detail-action-transition"]').trigger('click');
    await chief.wrapper.get('[data-testid="detail-transition-closed"]').trigger('click');
    await flush();
    expect(chief.sent.at(-1)).toEqual({ name: 'incident.transition', args: { incident: 'inc-2025-000123', to: 'closed' } });
    chief.wrapper.unmount();

    const open = mountDetail('duty_chief', incident({ status: 'new', level: 'district' }));
    await flush();
    expect(actionNames(open.wrapper)).toEqual(['verify', 'dispatch', 'escalate', 'offer', 'note', 'merge', 'transition']);
    await open.wrapper.get('[data-testid="detail-action-escalate"]').trigger('click');
    expect(open.wrapper.get('[data-testid="detail-form-escalate"]').text()).toContain('City');
    await open.wrapper.get('[data-testid="escalate-note"]').setValue('跨区联动');
    await open.wrapper.get('[data-testid="detail-form-escalate"]').trigger('submit');
    await flush();
    expect(open.sent.at(-1)).toEqual({ name: 'incident.escalate', args: { incident: 'inc-2025-000123', to_level: 'city', note: '跨区联动' } });
  });

  it('dispatch: suggests departments by category and district, grouped, and sends the picked ones; queued → applied', async () => {
    const { wrapper, sent, asked, host } = mountDetail('call_taker');
    await flush();
    await wrapper.get('[data-testid="detail-action-dispatch"]').trigger('click');
    await flush();
    // The dispatch form asks for the units fitting the incident (the names cache asked for all of them, without a category).
    expect(asked.departments.filter((p) => p.category !== undefined)).toEqual([{ category: 'fire.warehouse', district: '350206' }]);
    const groups = wrapper.findAll('[data-testid="dispatch-group"]');
    expect(groups.map((g) => g.attributes('data-district'))).toEqual(['350206', '350203', '']);
    expect(groups[0]!.findAll('[data-testid="dispatch-suggested"]')).toHaveLength(2);

    await wrapper.get('[data-testid="dispatch-department"][data-id="dept-huli-fire"]').setValue(true);
    await wrapper.get('[data-testid="dispatch-department"][data-id="dept-city-health"]').setValue(true);
    await wrapper.get('[data-testid="dispatch-note"]').setValue('带云梯');
    await wrapper.get('[data-testid="detail-form-dispatch"]').trigger('submit');
    await flush();
    expect(sent).toEqual([
      { name: 'incident.dispatch', args: { incident: 'inc-2025-000123', departments: ['dept-huli-fire', 'dept-city-health'], note: '带云梯' } },
    ]);
    const result = () => wrapper.get('[data-testid="action-result"]');
    expect(result().attributes('data-state')).toBe('queued');

    host.publish('command.result', [{ id: 'cmd-2', name: 'incident.note', ok: true, code: null, message: null, seq: 9 }]);
    await flush();
    expect(result().attributes('data-state')).toBe('queued'); // someone else's command

    host.publish('command.result', [{ id: 'cmd-1', name: 'incident.dispatch', ok: true, code: null, message: null, seq: 10 }]);
    await flush();
    expect(result().attributes('data-state')).toBe('applied');
    // Applied: the form starts afresh.
    expect((wrapper.get('[data-testid="dispatch-note"]').element as HTMLInputElement).value).toBe('');
  });

  it('offer: the volunteers nearest the incident (straight-line, last seen), offered in waves by the host, its state live', async () => {
    const { wrapper, sent, asked, wavesStarted, host } = mountDetail('call_taker');
    await flush();
    await wrapper.get('[data-testid="detail-action-offer"]').trigger('click');
    await flush();
    // As far as the waves may reach (3 km); 湖里 is urban: the first wave is within 500 m.
    expect(asked.volunteers.at(-1)).toEqual({ lat: 24.5, lng: 118.1, k: 10, radiusM: 3000 });
    const rows = wrapper.findAll('[data-testid="offer-nearest-volunteer"]');
    expect(rows.map((r) => r.attributes('data-id'))).toEqual(['vol-1', 'vol-2']);
    expect(rows[0]!.text()).toContain('张*');
    expect(rows[0]!.text()).toContain('150 m straight-line');
    expect(rows[0]!.text()).toContain('seen 4 s ago');
    expect(rows[0]!.text()).toContain('first wave');
    expect(rows[1]!.text()).toContain('820 m straight-line');
    expect(rows[1]!.text()).toContain('seen 3 min ago');
    expect(rows[1]!.text()).not.toContain('first wave');

    // The list has the focus: one key, Enter, and the host starts the waves (no command from the window itself).
    expect(document.activeElement).toBe(wrapper.get('[data-testid="offer-nearest"]').element);
    await wrapper.get('[data-testid="offer-nearest"]').trigger('keydown', { key: 'Enter' });
    await flush();
    expect(wavesStarted).toEqual([{ incident: 'inc-2025-000123' }]);
    expect(sent).toEqual([]);
    const status = () => wrapper.get('[data-testid="offer-waves"]');
    expect(status().attributes('data-state')).toBe('running');
    expect(status().get('[data-testid="offer-waves-progress"]').text()).toBe('Wave 1 of 3 · radius 500 m');
    expect(wrapper.get('[data-testid="offer-waves-start"]').attributes('disabled')).toBeDefined();

    // The host pushes the next wave, then the acceptance.
    host.publish('offers.waves', [waveRun({ wave: 2, radiusM: 1000, volunteers: ['vol-2'], offered: ['vol-1', 'vol-2'] })]);
    await flush();
    expect(status().get('[data-testid="offer-waves-progress"]').text()).toBe('Wave 2 of 3 · radius 1.0 km');
    host.publish('offers.waves', [waveRun({ state: 'accepted', acceptedBy: 'vol-2', nextWaveAt: null })]);
    await flush();
    expect(status().attributes('data-state')).toBe('accepted');
  });

  it('offer: the list keeps the focus when the wave settings arrive after it (the list is asked again)', async () => {
    const { wrapper, host } = mountDetail('call_taker');
    let settingsArrive: () => void = () => {};
    host.handlers['offers.settings'] = () => new Promise((resolve) => (settingsArrive = () => resolve({ ...WAVE_SETTINGS })));
    await flush();
    await wrapper.get('[data-testid="detail-action-offer"]').trigger('click');
    await flush();
    expect(document.activeElement).toBe(wrapper.get('[data-testid="offer-nearest"]').element);
    settingsArrive();
    await flush();
    expect(wrapper.find('[data-testid="offer-launcher-plan"]').exists()).toBe(true);
    expect(document.activeElement).toBe(wrapper.get('[data-testid="offer-nearest"]').element);
  });

  it('follow-up after resolved: reached, rating and text', async () => {
    const { wrapper, sent } = mountDetail('call_taker', incident({ status: 'resolved' }));
    await flush();
    await wrapper.get('[data-testid="detail-action-followup"]').trigger('click');
    await wrapper.get('[data-testid="followup-reached-yes"]').setValue(true);
    await wrapper.get('[data-testid="followup-rating"]').setValue('4');
    await wrapper.get('[data-testid="followup-text"]').setValue('处置及时');
    await wrapper.get('[data-testid="detail-form-followup"]').trigger('submit');
    await flush();
    expect(sent).toEqual([{ name: 'incident.followup', args: { incident: 'inc-2025-000123', reached: true, rating: 4, text: '处置及时' } }]);
  });

  it('a conflict shows what changed since the operator looked, and keeps their input', async () => {
    const { wrapper, sent, host, setIncident, asked } = mountDetail('call_taker', incident(), 'zh-CN');
    await flush();
    await wrapper.get('[data-testid="detail-action-merge"]').trigger('click');
    await wrapper.get('[data-testid="merge-into"]').setValue('inc-2025-000100');
    await wrapper.get('[data-testid="detail-form-merge"]').trigger('submit');
    await flush();
    expect(sent).toEqual([{ name: 'incident.merge', args: { incident: 'inc-2025-000123', into: 'inc-2025-000100' } }]);

    // Meanwhile a colleague dispatched it.
    setIncident(incident({ rev: 5, status: 'dispatched', departments: ['dept-huli-fire'], updated_at: '2025-03-14T09:08:00+08:00' }));
    const reads = asked.get;
    host.publish('command.result', [{ id: 'cmd-1', name: 'incident.merge', ok: false, code: 'conflict', message: 'not allowed from dispatched', seq: null }]);
    await flush();
    expect(asked.get).toBeGreaterThan(reads);
    const result = wrapper.get('[data-testid="action-result"]');
    expect(result.attributes('data-state')).toBe('failed');
    expect(result.attributes('data-code')).toBe('conflict');
    const fields = wrapper.findAll('[data-testid="conflict-field"]');
    expect(fields.map((f) => f.attributes('data-field'))).toEqual(['departments', 'status']);
    expect(fields[1]!.text()).toContain('新建');
    expect(fields[1]!.text()).toContain('已派单');
    // The units by name, as everywhere else in the detail.
    expect(fields[0]!.get('.after').text()).toBe('湖里消防救援大队');
    expect(fields[0]!.get('.before').text()).toBe('—');
    // The form stays, with what the operator typed, though merging is no longer offered.
    expect((wrapper.get('[data-testid="merge-into"]').element as HTMLInputElement).value).toBe('inc-2025-000100');
    expect(wrapper.get('[data-testid="detail-status"]').attributes('data-status')).toBe('dispatched');
  });

  it('a command the host refuses at once fails with its code, input kept', async () => {
    const { wrapper, host } = mountDetail('call_taker');
    const { ApiCallError } = await import('../../api/api-call-error.ts');
    host.handlers['command.send'] = () => {
      throw new ApiCallError('forbidden', 'the call_taker role may not send incident.escalate');
    };
    await flush();
    await wrapper.get('[data-testid="detail-action-note"]').trigger('click');
    await wrapper.get('[data-testid="note-text"]').setValue('现场有围观群众');
    await wrapper.get('[data-testid="detail-form-note"]').trigger('submit');
    await flush();
    const result = wrapper.get('[data-testid="action-result"]');
    expect(result.attributes('data-state')).toBe('failed');
    expect(result.attributes('data-code')).toBe('forbidden');
    expect((wrapper.get('[data-testid="note-text"]').element as HTMLTextAreaElement).value).toBe('现场有围观群众');
  });

  it('re-reads the incident when entities.changed names it', async () => {
    const { wrapper, host, setIncident, timers } = mountDetail('call_taker');
    await flush();
    setIncident(incident({ rev: 5, status: 'verified' }));
    timers.advance(1_000);
    host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-other'], deleted: [] }]);
    await flush();
    expect(wrapper.get('[data-testid="detail-status"]').attributes('data-status')).toBe('new');
    host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-2025-000123'], deleted: [] }]);
    await flush();
    expect(wrapper.get('[data-testid="detail-status"]').attributes('data-status')).toBe('verified');
    expect(actionNames(wrapper)).not.toContain('verify');
  });

  it("shows the operator's shared selection when given no incident: the one selected in another window, then the next", async () => {
    const app = egretTestApp({ session: signedInSession('call_taker'), locale: 'en' });
    const selection = new FakeSelection().attach(app.host);
    app.host.handlers['incident.get'] = ({ id }) => ({ incident: incident({ id, title: `标题 ${id}` }), events: [] });
    selection.choose('inc-a');
    app.client.start();
    wrapper = mount(IncidentDetail, { props: { timeZone: 'Asia/Shanghai' }, global: { plugins: [app.plugin] }, attachTo: document.body });
    await flush();
    expect(wrapper.get('[data-testid="detail-id"]').text()).toBe('inc-a');
    selection.choose('inc-b', 'board');
    await flush();
    expect(wrapper.get('[data-testid="detail-id"]').text()).toBe('inc-b');
    expect(wrapper.get('[data-testid="detail-title"]').text()).toBe('标题 inc-b');
    selection.choose(null, 'board');
    await flush();
    expect(wrapper.find('[data-testid="detail-empty"]').exists()).toBe(true);
  });
});
