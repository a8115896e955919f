// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Params, Result } from '../../../../native/api/index.ts';
import IntakePanel from './IntakePanel.vue';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { incidentRecord, incidentRow, signedInSession } from '../../test-support/board-fixtures.ts';
import { ApiCallError } from '../../api/api-call-error.ts';
import { INTAKE_DEBOUNCE_MS } from '../../stores/intake.ts';
import type { Locale } from '../../i18n/index.ts';

type Sent = Params<'command.send'>;
type Candidate = Result<'incidents.duplicates'>[number];

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
});

function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    id: 'inc-a',
    title: '湖滨南路两车追尾',
    status: 'new',
    priority: 2,
    category: 'traffic.collision',
    address: '湖滨南路 388 号',
    reportedAt: Date.UTC(2025, 2, 14, 1, 5),
    metres: 120,
    reason: 'nearby',
    ...overrides,
  };
}

async function mountPanel(options: { locale?: Locale; candidates?: Candidate[] } = {}) {
  const app = egretTestApp({ session: signedInSession('call_taker'), locale: options.locale ?? 'zh-CN' });
  const sent: Sent[] = [];
  const probes: Params<'incidents.duplicates'>[] = [];
  const searches: Params<'incidents.page'>[] = [];
  let nextCommand = 1;
  const h = app.host.handlers;
  h['command.send'] = (params) => {
    sent.push(params);
    return { id: `cmd-${nextCommand++}`, name: params.name, queuedAt: '2025-03-14T01:06:00.000Z' };
  };
  h['incidents.duplicates'] = (params) => {
    probes.push(params);
    return options.candidates ?? [];
  };
  h['incidents.page'] = (params) => {
    searches.push(params);
    return {
      total: 2,
      byPriority: [0, 2, 0, 0],
      rows: [
        incidentRow({ id: 'inc-old-1', address: '湖滨南路 388 号', district: '350203' }),
        incidentRow({ id: 'inc-old-2', address: '湖滨南路 388 号', district: '350203' }),
      ],
    };
  };
  h['incident.get'] = ({ id }) => ({ incident: incidentRecord({ id, lat: 24.4798, lng: 118.0894 }), events: [] });
  app.client.start();
  wrapper = mount(IntakePanel, {
    props: { autofocus: true, timeZone: 'Asia/Shanghai' },
    global: { plugins: [app.plugin] },
    attachTo: document.body,
  });
  await settle();
  await settle();
  const w = wrapper;
  const el = (testid: string) => w.get(`[data-testid="${testid}"]`);
  const active = () => document.activeElement as HTMLElement;
  /** A key pressed wherever the focus is, as the operator would. */
  async function press(key: string, init: KeyboardEventInit = {}) {
    const target = active();
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
    await w.vm.$nextTick();
  }
  /** Types into the focused field (the value, then its input event). */
  async function type(text: string) {
    const target = active() as HTMLInputElement;
    target.value = text;
    target.dispatchEvent(new Event('input', { bubbles: true }));
    await w.vm.$nextTick();
  }
  /** Lets the debounce run out and the host answer. */
  async function typingPause() {
    app.timers.advance(INTAKE_DEBOUNCE_MS);
    await settle();
    await settle();
  }
  return { ...app, wrapper: w, sent, probes, searches, el, active, press, type, typingPause };
}

describe('IntakePanel', () => {
  it('takes a whole incident from the keyboard alone and sends one incident.create', async () => {
    const p = await mountPanel();
    // The panel opens on the first field: the line.
    expect(p.active().dataset.testid).toBe('intake-line');
    await p.press('3'); // 122
    expect(p.el('intake-line').attributes('data-value')).toBe('122');
    await p.press('Enter');
    expect(p.active().dataset.testid).toBe('intake-phone');
    await p.type('138 1234 5678');
    await p.press('Enter');
    expect(p.active().dataset.testid).toBe('intake-name');
    await p.type('王先生');
    await p.press('Enter');
    expect(p.active().dataset.testid).toBe('intake-address');

    await p.type('湖滨');
    await p.typingPause();
    expect(p.searches.at(-1)?.filter).toEqual({ search: '湖滨' });
    // Recent incidents' addresses, each once.
    const suggestions = p.wrapper.findAll('[data-testid="intake-address-suggestion"]');
    expect(suggestions.map((s) => s.text())).toEqual([expect.stringContaining('湖滨南路 388 号')]);
    await p.press('ArrowDown');
    await p.press('Enter');
    await settle();
    expect((p.el('intake-address').element as HTMLInputElement).value).toBe('湖滨南路 388 号');
    expect(p.el('intake-address-note').text()).toContain('思明区');
    await p.press('Enter');
    expect(p.active().dataset.testid).toBe('intake-category');

    await p.type('追尾');
    const options = p.wrapper.findAll('[data-testid="intake-category-option"]');
    expect(options.map((o) => o.attributes('data-key'))).toEqual(['traffic.collision']);
    await p.press('Enter'); // picks the highlighted one
    expect(p.el('intake-category').attributes('data-value')).toBe('traffic.collision');
    await p.press('Enter');
    expect(p.active().dataset.testid).toBe('intake-priority');
    await p.press('2');
    await p.press('Enter');
    expect(p.active().dataset.testid).toBe('intake-title');
    // Left empty: the placeholder says what it becomes.
    expect(p.el('intake-title').attributes('placeholder')).toContain('交通事故（碰撞、追尾） · 湖滨南路 388 号');
    await p.press('Enter');
    expect(p.active().dataset.testid).toBe('intake-description');
    await p.type('两车追尾，无人受伤');
    await p.press('Enter'); // Enter in the last field submits
    await settle();

    const creates = p.sent.filter((s) => s.name === 'incident.create');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.args).toEqual({
      id: expect.stringMatching(/^inc-desk-07-/),
      source: '122',
      category: 'traffic.collision',
      priority: 2,
      title: '交通事故（碰撞、追尾） · 湖滨南路 388 号',
      description: '两车追尾，无人受伤',
      address: '湖滨南路 388 号',
      lat: 24.4798,
      lng: 118.0894,
      district: '350203',
      caller: { name: '王先生', phone: '13812345678' },
    });
    const id = (creates[0]!.args as { id: string }).id;
    const result = p.el('intake-result');
    expect(result.attributes('data-state')).toBe('queued');
    expect(result.text()).toContain(id);
    expect(p.wrapper.emitted('submitted')).toEqual([[id]]);
    // Ready for the next call: cleared, the line kept, focus on the first field.
    expect((p.el('intake-phone').element as HTMLInputElement).value).toBe('');
    expect((p.el('intake-description').element as HTMLTextAreaElement).value).toBe('');
    expect(p.el('intake-line').attributes('data-value')).toBe('122');
    expect(p.active().dataset.testid).toBe('intake-line');
  });

  it('submits with Ctrl+Enter from any field, and jumps to fields with Alt+letter', async () => {
    const p = await mountPanel({ locale: 'en' });
    await p.press('c', { code: 'KeyC', altKey: true });
    expect(p.active().dataset.testid).toBe('intake-category');
    await p.type('building fire');
    await p.press('Tab'); // Tab takes the highlighted suggestion too
    expect(p.el('intake-category').attributes('data-value')).toBe('fire.building');
    // The category suggests a priority until the operator picks one.
    expect(p.el('intake-priority').attributes('data-value')).toBe('1');
    await p.press('a', { code: 'KeyA', altKey: true });
    expect(p.active().dataset.testid).toBe('intake-address');
    await p.type('Jimei Avenue 1');
    await p.press('Enter', { ctrlKey: true });
    await settle();
    expect(p.sent).toEqual([
      {
        name: 'incident.create',
        args: {
          id: expect.any(String),
          source: '110',
          category: 'fire.building',
          priority: 1,
          title: 'Building fire · Jimei Avenue 1',
          address: 'Jimei Avenue 1',
        },
      },
    ]);
  });

  it('lists possible duplicates while the operator types, with distance or "same caller"', async () => {
    const p = await mountPanel({
      locale: 'en',
      candidates: [
        candidate(),
        candidate({ id: 'inc-b', title: 'Noise again', status: 'dispatched', metres: null, reason: 'same_caller' }),
      ],
    });
    expect(p.wrapper.find('[data-testid="duplicate-list"]').exists()).toBe(false);
    await p.press('p', { code: 'KeyP', altKey: true });
    await p.type('1381234');
    await p.type('13812345678');
    // Debounced: one check after the pause, not one per keystroke.
    expect(p.probes).toHaveLength(0);
    await p.typingPause();
    expect(p.probes).toEqual([{ callerPhone: '13812345678' }]);

    const items = p.wrapper.findAll('[data-testid="duplicate-item"]');
    expect(items.map((i) => [i.attributes('data-id'), i.attributes('data-reason')])).toEqual([
      ['inc-a', 'nearby'],
      ['inc-b', 'same_caller'],
    ]);
    expect(items[0]!.text()).toContain('湖滨南路两车追尾');
    expect(items[0]!.text()).toContain('New');
    expect(items[0]!.text()).toContain('120 m');
    expect(items[0]!.text()).toContain('09:05');
    expect(items[1]!.text()).toContain('Same caller');
    expect(items[1]!.text()).toContain('Dispatched');

    // A category change checks again, with the category.
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('collision');
    await p.press('Enter');
    await p.typingPause();
    expect(p.probes.at(-1)).toEqual({ callerPhone: '13812345678', category: 'traffic.collision' });
  });

  it('Alt+2 takes the draft as a duplicate: a note on that incident, no new incident, and says so', async () => {
    const p = await mountPanel({
      locale: 'en',
      candidates: [candidate(), candidate({ id: 'inc-b', reason: 'same_caller', metres: null })],
    });
    const roleSwitch: KeyboardEvent[] = [];
    const spy = (e: Event) => roleSwitch.push(e as KeyboardEvent);
    window.addEventListener('keydown', spy);
    try {
      await p.press('p', { code: 'KeyP', altKey: true });
      await p.type('13812345678');
      await p.press('e', { code: 'KeyE', altKey: true });
      await p.type('Same smell of gas, 3rd floor');
      await p.typingPause();
      await p.press('2', { code: 'Digit2', altKey: true });
      await settle();
    } finally {
      window.removeEventListener('keydown', spy);
    }
    // The app's Alt+digit view switch never saw it.
    expect(roleSwitch.filter((e) => e.code === 'Digit2')).toHaveLength(0);
    expect(p.sent).toEqual([
      { name: 'incident.note', args: { incident: 'inc-b', text: 'duplicate report from 138****5678: Same smell of gas, 3rd floor' } },
    ]);
    const result = p.el('intake-result');
    expect(result.attributes('data-state')).toBe('merged');
    expect(result.text()).toContain('inc-b');
    expect(p.wrapper.emitted('merged')).toEqual([['inc-b', null]]);
    expect((p.el('intake-phone').element as HTMLInputElement).value).toBe('');

    // Nothing is lost: the report can come back if the operator thinks again.
    await p.press('z', { code: 'KeyZ', altKey: true });
    expect((p.el('intake-phone').element as HTMLInputElement).value).toBe('13812345678');
    expect((p.el('intake-description').element as HTMLTextAreaElement).value).toBe('Same smell of gas, 3rd floor');
  });

  it('a focused candidate merges with M', async () => {
    const p = await mountPanel({ candidates: [candidate(), candidate({ id: 'inc-b' })] });
    await p.press('p', { code: 'KeyP', altKey: true });
    await p.type('13812345678');
    await p.typingPause();
    await p.press('u', { code: 'KeyU', altKey: true });
    await p.press('ArrowDown');
    await p.press('m');
    await settle();
    // No description yet: the note says which line the call came in on.
    expect(p.sent).toEqual([{ name: 'incident.note', args: { incident: 'inc-b', text: '重复报警（来电 138****5678）：110 报警' } }]);
    expect(p.el('intake-result').text()).toContain('未新建事件：已作为重复报警记入 inc-b');
  });

  it('right after submitting, Alt+1 merges the incident just created into the candidate', async () => {
    const p = await mountPanel({ locale: 'en', candidates: [candidate()] });
    await p.press('p', { code: 'KeyP', altKey: true });
    await p.type('13812345678');
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('collision');
    await p.press('Enter');
    await p.typingPause();
    await p.press('Enter', { ctrlKey: true });
    await settle();
    const created = (p.sent[0]!.args as { id: string }).id;
    expect(p.el('duplicate-list').attributes('data-mode')).toBe('created');
    expect(p.el('duplicate-list').text()).toContain(created);

    await p.press('1', { code: 'Digit1', altKey: true });
    await settle();
    expect(p.sent.slice(1)).toEqual([{ name: 'incident.merge', args: { incident: created, into: 'inc-a' } }]);
    expect(p.el('intake-result').attributes('data-state')).toBe('merged');
    expect(p.el('intake-result').text()).toBe(`Incident ${created} merged into inc-a`);
  });

  it('shows invalid_params issues beside their fields and keeps every input', async () => {
    const p = await mountPanel({ locale: 'en' });
    p.host.handlers['command.send'] = () => {
      throw new ApiCallError('invalid_params', 'invalid params for command.send', [
        { path: 'args.title', message: 'Too big: expected string to have <=200 characters' },
        { path: 'args.caller.phone', message: 'Too big: expected string to have <=30 characters' },
      ]);
    };
    await p.press('p', { code: 'KeyP', altKey: true });
    await p.type('13812345678');
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('theft');
    await p.press('Enter');
    await p.press('t', { code: 'KeyT', altKey: true });
    await p.type('Bicycle stolen');
    await p.press('Enter', { ctrlKey: true });
    await settle();

    expect(p.el('intake-result').attributes('data-state')).toBe('error');
    expect(p.el('intake-error-title').text()).toContain('<=200');
    expect(p.el('intake-error-phone').text()).toContain('<=30');
    expect(p.el('intake-title').attributes('aria-invalid')).toBe('true');
    expect((p.el('intake-phone').element as HTMLInputElement).value).toBe('13812345678');
    expect((p.el('intake-title').element as HTMLInputElement).value).toBe('Bicycle stolen');
    expect(p.el('intake-category').attributes('data-value')).toBe('criminal.theft');
    // The first field with a problem has the focus.
    expect(p.active().dataset.testid).toBe('intake-phone');
    // Fixing a field clears its message.
    await p.type('1381234567');
    expect(p.wrapper.find('[data-testid="intake-error-phone"]').exists()).toBe(false);
  });

  it('shows a forbidden message and keeps the input; asks for a category before sending at all', async () => {
    const p = await mountPanel({ locale: 'en' });
    await p.press('t', { code: 'KeyT', altKey: true });
    await p.type('Something happened');
    await p.press('Enter', { ctrlKey: true });
    await settle();
    expect(p.sent).toHaveLength(0);
    expect(p.el('intake-error-category').text()).toBe('Choose a category');
    expect(p.active().dataset.testid).toBe('intake-category');

    p.host.handlers['command.send'] = () => {
      throw new ApiCallError('forbidden', 'the video_patroller role may not send incident.create');
    };
    await p.type('other');
    await p.press('Enter');
    await p.press('Enter', { ctrlKey: true });
    await settle();
    const result = p.el('intake-result');
    expect(result.attributes('data-state')).toBe('error');
    expect(result.text()).toContain('the video_patroller role may not send incident.create');
    expect((p.el('intake-title').element as HTMLInputElement).value).toBe('Something happened');
  });

  it('when the platform refuses a queued incident, says so and can put the report back', async () => {
    const p = await mountPanel({ locale: 'en' });
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('robbery');
    await p.press('Enter');
    await p.press('e', { code: 'KeyE', altKey: true });
    await p.type('Bag snatched near the ferry');
    await p.press('Enter');
    await settle();
    const created = (p.sent[0]!.args as { id: string }).id;
    expect(p.el('intake-result').attributes('data-state')).toBe('queued');

    p.host.publish('command.result', [
      { id: 'cmd-1', name: 'incident.create', ok: false, code: 'conflict', message: 'incident exists', seq: null },
    ]);
    await settle();
    const result = p.el('intake-result');
    expect(result.attributes('data-state')).toBe('error');
    expect(result.text()).toContain(`The platform refused incident ${created}: incident exists`);
    await p.press('z', { code: 'KeyZ', altKey: true });
    expect((p.el('intake-description').element as HTMLTextAreaElement).value).toBe('Bag snatched near the ferry');
    expect(p.el('intake-category').attributes('data-value')).toBe('criminal.robbery');
    expect((p.el('intake-category').element as HTMLInputElement).value).toBe('Criminal › Robbery');
  });

  it('Esc clears, asking once more when there is input', async () => {
    const p = await mountPanel({ locale: 'en' });
    await p.press('n', { code: 'KeyN', altKey: true });
    await p.type('Li');
    await p.press('Escape');
    expect(p.el('intake-clear-confirm').text()).toContain('Esc again');
    expect((p.el('intake-name').element as HTMLInputElement).value).toBe('Li');
    await p.press('x'); // any other key: go on typing
    expect(p.wrapper.find('[data-testid="intake-clear-confirm"]').exists()).toBe(false);
    await p.press('Escape');
    await p.press('Escape');
    expect((p.el('intake-name').element as HTMLInputElement).value).toBe('');
    expect(p.active().dataset.testid).toBe('intake-line');
  });

  it('Esc in an open suggestion list closes the list, not the form', async () => {
    const p = await mountPanel({ locale: 'en' });
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('fire');
    expect(p.el('intake-category').attributes('aria-expanded')).toBe('true');
    await p.press('Escape');
    expect(p.el('intake-category').attributes('aria-expanded')).toBe('false');
    expect(p.wrapper.find('[data-testid="intake-clear-confirm"]').exists()).toBe(false);
    expect((p.el('intake-category').element as HTMLInputElement).value).toBe('fire');
  });

  it('offers the districts as addresses, and picking one fills the district', async () => {
    const p = await mountPanel({ locale: 'en' });
    await p.press('a', { code: 'KeyA', altKey: true });
    await p.type('Hu');
    await p.typingPause();
    const first = p.wrapper.findAll('[data-testid="intake-address-suggestion"]')[0]!;
    expect(first.attributes('data-key')).toBe('district:350206');
    await p.press('ArrowDown');
    await p.press('Enter');
    expect(p.el('intake-address-note').text()).toContain('District: Huli');
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('garbage');
    await p.press('Enter');
    await p.press('Enter', { ctrlKey: true });
    await settle();
    expect(p.sent[0]!.args).toMatchObject({ address: 'Huli', district: '350206', category: 'city_mgmt.garbage', priority: 4 });
  });
});
