// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Params, PlaceMatch, Result } from '../../../../native/api/index.ts';
import IntakePanel from './IntakePanel.vue';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { incidentRecord, signedInSession } from '../../test-support/board-fixtures.ts';
import { ApiCallError } from '../../api/api-call-error.ts';
import { INTAKE_DEBOUNCE_MS } from '../../stores/intake.ts';
import type { Locale } from '../../i18n/index.ts';

type Sent = Params<'command.send'>;
type Candidate = Result<'incidents.duplicates'>[number];
type Geocoded = Result<'places.geocode'>;

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

/** A place of the address base, as places.suggest and places.geocode return it. */
function place(overrides: Partial<PlaceMatch> = {}): PlaceMatch {
  return {
    source: 'place',
    id: 'pl-hbnl-388',
    name: '湖滨南路388号',
    address: '厦门市思明区湖滨南路388号',
    kind: 'address',
    precision: 'address',
    district: '350203',
    street: '滨海街道',
    community: '湖滨社区',
    lat: 24.4798,
    lng: 118.0894,
    score: 0.92,
    ...overrides,
  };
}

const JIMEI_AVENUE = place({
  id: 'pl-jmdd',
  name: '集美大道',
  address: '厦门市集美区集美大道',
  kind: 'road',
  precision: 'road',
  district: '350211',
  street: '杏林街道',
  community: null,
  lat: 24.5762,
  lng: 118.0969,
  score: 0.7,
});

async function mountPanel(options: { locale?: Locale; candidates?: Candidate[]; geocoded?: Geocoded } = {}) {
  const app = egretTestApp({ session: signedInSession('call_taker'), locale: options.locale ?? 'zh-CN' });
  const sent: Sent[] = [];
  const probes: Params<'incidents.duplicates'>[] = [];
  const suggests: Params<'places.suggest'>[] = [];
  const geocodes: Params<'places.geocode'>[] = [];
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
  h['places.suggest'] = (params) => {
    suggests.push(params);
    return {
      items: [
        place(),
        place({
          source: 'recent',
          id: null,
          name: '湖滨南路 388 号',
          address: '湖滨南路 388 号',
          kind: null,
          street: null,
          community: null,
          score: 0.5,
        }),
      ],
    };
  };
  h['places.geocode'] = (params) => {
    geocodes.push(params);
    return options.geocoded ?? { best: null, alternatives: [] };
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
  return { ...app, wrapper: w, sent, probes, suggests, geocodes, el, active, press, type, typingPause };
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
    expect(p.suggests.at(-1)).toEqual({ text: '湖滨', limit: 8 });
    // Places first, then recent incidents' addresses (the host's order), each with what it is and where.
    const suggestions = p.wrapper.findAll('[data-testid="intake-address-suggestion"]');
    expect(suggestions.map((s) => s.text())).toEqual([
      '湖滨南路388号门牌地址 · 思明区 · 滨海街道 · 湖滨社区',
      '湖滨南路 388 号近期事件 · 思明区',
    ]);
    await p.press('ArrowDown');
    await p.press('Enter');
    await settle();
    expect((p.el('intake-address').element as HTMLInputElement).value).toBe('厦门市思明区湖滨南路388号');
    const note = p.el('intake-address-note');
    expect(note.attributes('data-state')).toBe('located');
    expect(note.text()).toBe('已定位（门牌地址） · 思明区 · 滨海街道 · 湖滨社区 · 24.47980, 118.08940');
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
    expect(p.el('intake-title').attributes('placeholder')).toContain('交通事故（碰撞、追尾） · 厦门市思明区湖滨南路388号');
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
      title: '交通事故（碰撞、追尾） · 厦门市思明区湖滨南路388号',
      description: '两车追尾，无人受伤',
      address: '厦门市思明区湖滨南路388号',
      lat: 24.4798,
      lng: 118.0894,
      district: '350203',
      street: '滨海街道',
      community: '湖滨社区',
      caller: { name: '王先生', phone: '13812345678' },
    });
    // A picked place is located already: nothing to geocode, nothing to confirm.
    expect(p.geocodes).toEqual([]);
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
    const p = await mountPanel({ locale: 'en', geocoded: { best: JIMEI_AVENUE, alternatives: [] } });
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
    // The typed address is geocoded first; Enter takes the best match.
    expect(p.geocodes).toEqual([{ address: 'Jimei Avenue 1' }]);
    expect(p.sent).toEqual([]);
    expect(p.active().dataset.testid).toBe('intake-location-options');
    await p.press('Enter');
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
          lat: 24.5762,
          lng: 118.0969,
          district: '350211',
          street: '杏林街道',
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
    // A theft is P2 and has no location: confirmed first.
    expect(p.el('intake-confirm').attributes('data-step')).toBe('unlocated');
    await p.press('Enter');
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
    await p.press('Enter'); // a robbery is P2: filed without a location once confirmed
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

  it('geocodes a typed address on submit: the best match with its precision, a runner-up can be chosen instead', async () => {
    const p = await mountPanel({
      locale: 'en',
      geocoded: {
        best: place({ score: 0.8 }),
        alternatives: [
          place({
            id: 'pl-hbnl',
            name: '湖滨南路',
            address: '厦门市思明区湖滨南路',
            kind: 'road',
            precision: 'road',
            community: null,
            lat: 24.48,
            lng: 118.1,
          }),
        ],
      },
    });
    await p.press('a', { code: 'KeyA', altKey: true });
    await p.type('湖滨南路388号 3楼');
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('noise nuisance');
    await p.press('Enter');
    await p.press('Enter', { ctrlKey: true });
    await settle();
    expect(p.sent).toEqual([]);
    const confirm = p.el('intake-confirm');
    expect(confirm.attributes('data-step')).toBe('location');
    // It stands where the submit button was.
    expect(p.wrapper.find('[data-testid="intake-submit"]').exists()).toBe(false);
    const options = p.wrapper.findAll('[data-testid="intake-location-option"]');
    expect(options.map((o) => [o.attributes('data-precision'), o.text()])).toEqual([
      ['address', '1湖滨南路388号Address · Siming'],
      ['road', '2湖滨南路Road · Siming'],
    ]);
    // The full address and its areas on hover.
    expect(options[0]!.attributes('title')).toBe('厦门市思明区湖滨南路388号 · Address · Siming · 滨海街道 · 湖滨社区');
    expect(p.el('intake-location-unlocated').text()).toBe('3Leave unlocated, file the address as typed');
    await p.press('ArrowDown');
    await p.press('Enter');
    await settle();
    expect(p.sent.map((s) => s.args)).toEqual([
      expect.objectContaining({ address: '湖滨南路388号 3楼', lat: 24.48, lng: 118.1, district: '350203', street: '滨海街道' }),
    ]);
    expect(p.sent[0]!.args).not.toHaveProperty('community');
    expect(p.el('intake-result').attributes('data-state')).toBe('queued');
    expect(p.wrapper.find('[data-testid="intake-result-unlocated"]').exists()).toBe(false);
  });

  it('offers the best match and three runners-up at most, then "leave unlocated"; a digit chooses', async () => {
    const numbers = [385, 402, 370, 417, 355];
    const p = await mountPanel({
      geocoded: {
        best: place({ name: '湖滨南路', kind: 'road', precision: 'road' }),
        alternatives: numbers.map((n) => place({ id: `pl-${n}`, name: `湖滨南路${n}号`, precision: 'road', lat: 24 + n / 10_000 })),
      },
    });
    await p.press('a', { code: 'KeyA', altKey: true });
    await p.type('湖滨南路390号');
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('垃圾');
    await p.press('Enter');
    await p.press('Enter', { ctrlKey: true });
    await settle();
    const names = p.wrapper.findAll('[data-testid="intake-location-option"] .name').map((n) => n.text());
    expect(names).toEqual(['湖滨南路', '湖滨南路385号', '湖滨南路402号', '湖滨南路370号']);
    expect(p.el('intake-location-unlocated').text()).toContain('5');
    await p.press('3');
    await p.press('Enter');
    await settle();
    expect(p.sent[0]!.args).toMatchObject({ lat: 24.0402, address: '湖滨南路390号' });
  });

  it('an address nothing matches is filed unlocated, and the result says to place it', async () => {
    const p = await mountPanel({ geocoded: { best: null, alternatives: [] } });
    await p.press('a', { code: 'KeyA', altKey: true });
    await p.type('后山那个老仓库');
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('垃圾');
    await p.press('Enter');
    await p.press('Enter', { ctrlKey: true });
    await settle();
    // A P4: nothing to confirm, filed with its address and no coordinates.
    expect(p.sent).toHaveLength(1);
    expect(p.sent[0]!.args).toMatchObject({ address: '后山那个老仓库', priority: 4 });
    expect(p.sent[0]!.args).not.toHaveProperty('lat');
    expect(p.el('intake-result-unlocated').text()).toBe('地址未定位：请稍后补充事件位置');
  });

  it('keeps an unmatched or unlocated address visible as 未定位 before it is filed', async () => {
    const p = await mountPanel({ geocoded: { best: null, alternatives: [] } });
    await p.press('a', { code: 'KeyA', altKey: true });
    await p.type('后山那个老仓库');
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('燃气泄漏');
    await p.press('Enter'); // hazard: P2
    await p.press('Enter', { ctrlKey: true });
    await settle();
    expect(p.sent).toEqual([]);
    expect(p.el('intake-address-note').attributes('data-state')).toBe('unlocated');
    expect(p.el('intake-address-note').text()).toBe('未定位：地址库中没有匹配的地点，提交后请补充位置');
    expect(p.el('intake-confirm').text()).toContain('2 高事件没有位置（地址未能定位），仍然提交吗？');
  });

  it('a P1 without a location asks first: Esc goes back to the address and files nothing, Enter files it', async () => {
    const p = await mountPanel({ locale: 'en' });
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('building fire');
    await p.press('Enter');
    await p.press('Enter', { ctrlKey: true });
    await settle();
    expect(p.el('intake-confirm').attributes('data-step')).toBe('unlocated');
    expect(p.el('intake-confirm').text()).toContain('1 Critical incident without a location (no address). File it anyway?');
    expect(p.active().dataset.testid).toBe('intake-confirm-file');
    await p.press('Escape');
    await settle();
    expect(p.sent).toEqual([]);
    expect(p.wrapper.find('[data-testid="intake-confirm"]').exists()).toBe(false);
    // Back at the address, the form as it was (Esc did not clear it).
    expect(p.active().dataset.testid).toBe('intake-address');
    expect(p.wrapper.find('[data-testid="intake-clear-confirm"]').exists()).toBe(false);
    expect(p.el('intake-category').attributes('data-value')).toBe('fire.building');

    await p.press('Enter', { ctrlKey: true });
    await settle();
    await p.press('Enter');
    await settle();
    expect(p.sent.map((s) => s.args)).toEqual([expect.objectContaining({ category: 'fire.building', priority: 1 })]);
    expect(p.el('intake-result-unlocated').text()).toBe('Address not located: place the incident later');
  });

  it('an edit to the address withdraws the question about it', async () => {
    const p = await mountPanel({ locale: 'en', geocoded: { best: place(), alternatives: [] } });
    await p.press('a', { code: 'KeyA', altKey: true });
    await p.type('湖滨南路388');
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('noise nuisance');
    await p.press('Enter');
    await p.press('Enter', { ctrlKey: true });
    await settle();
    expect(p.el('intake-confirm').attributes('data-step')).toBe('location');
    await p.press('a', { code: 'KeyA', altKey: true });
    await p.type('湖滨北路');
    expect(p.wrapper.find('[data-testid="intake-confirm"]').exists()).toBe(false);
    expect(p.sent).toEqual([]);
  });

  it('the second click of a double click lands on the fresh form and leaves no error there', async () => {
    const p = await mountPanel({ locale: 'en' });
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('lost property');
    await p.press('Enter');
    const submit = p.el('intake-submit').element as HTMLButtonElement;
    submit.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, detail: 1 }));
    await settle();
    expect(p.el('intake-result').attributes('data-state')).toBe('queued');
    // The form is clear again; the second click arrives.
    (p.el('intake-submit').element as HTMLButtonElement).dispatchEvent(
      new MouseEvent('click', { bubbles: true, cancelable: true, detail: 2 }),
    );
    await settle();
    expect(p.sent).toHaveLength(1);
    expect(p.el('intake-result').attributes('data-state')).toBe('queued');
    expect(p.wrapper.find('[data-testid="intake-error-category"]').exists()).toBe(false);
    expect(p.wrapper.findAll('[aria-invalid="true"]')).toHaveLength(0);
  });

  it('the second click of a double click on 提交 does not answer the question that took its place', async () => {
    const p = await mountPanel({ geocoded: { best: place(), alternatives: [] } });
    await p.press('a', { code: 'KeyA', altKey: true });
    await p.type('湖滨南路388');
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('垃圾');
    await p.press('Enter');
    (p.el('intake-submit').element as HTMLButtonElement).click();
    await settle();
    const first = p.el('intake-location-option').element as HTMLElement;
    first.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, detail: 2 }));
    await settle();
    expect(p.sent).toEqual([]);
    expect(p.el('intake-confirm').attributes('data-step')).toBe('location');
    // A click of its own does.
    first.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, detail: 1 }));
    await settle();
    expect(p.sent.map((s) => s.args)).toEqual([expect.objectContaining({ lat: 24.4798, lng: 118.0894, district: '350203' })]);
  });

  it('shows what the phone field holds: the number read back, or a flag that it is no number; the typed text stays', async () => {
    const p = await mountPanel({ locale: 'en' });
    await p.press('p', { code: 'KeyP', altKey: true });
    await p.type('+86 592 5123456 转 801');
    expect(p.el('intake-phone-reading').attributes('data-kind')).toBe('landline');
    expect(p.el('intake-phone-reading').text()).toBe('Landline 0592-5123456 ext. 801');
    await p.type('12345678901234');
    expect(p.el('intake-phone-reading').attributes('data-kind')).toBe('unknown');
    expect(p.el('intake-phone-reading').text()).toBe('Not a phone number: kept as typed');
    expect((p.el('intake-phone').element as HTMLInputElement).value).toBe('12345678901234');
    await p.type('110');
    expect(p.el('intake-phone-reading').text()).toBe('Service number 110');

    // Filed: a number normalised, anything else as typed.
    await p.type('not known');
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('lost property');
    await p.press('Enter');
    await p.press('Enter', { ctrlKey: true });
    await settle();
    expect(p.sent[0]!.args).toMatchObject({ caller: { phone: 'not known' } });
    await p.press('p', { code: 'KeyP', altKey: true });
    await p.type('138-1234-5678');
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('lost property');
    await p.press('Enter');
    await p.press('Enter', { ctrlKey: true });
    await settle();
    expect(p.sent[1]!.args).toMatchObject({ caller: { phone: '13812345678' } });
  });

  it('counts down near a text limit and refuses text past it with its count, cutting nothing', async () => {
    const p = await mountPanel({ locale: 'en' });
    await p.press('t', { code: 'KeyT', altKey: true });
    await p.type('x'.repeat(150));
    expect(p.wrapper.find('[data-testid="intake-counter-title"]').exists()).toBe(false);
    await p.type('x'.repeat(160));
    expect(p.el('intake-counter-title').text()).toBe('160/200');
    await p.type('x'.repeat(205));
    expect(p.el('intake-counter-title').attributes('data-over')).toBe('true');
    expect((p.el('intake-title').element as HTMLInputElement).value).toHaveLength(205);
    expect(p.el('intake-title').attributes('maxlength')).toBeUndefined();
    await p.press('c', { code: 'KeyC', altKey: true });
    await p.type('lost property');
    await p.press('Enter');
    await p.press('Enter', { ctrlKey: true });
    await settle();
    expect(p.sent).toEqual([]);
    expect(p.el('intake-error-title').text()).toBe('Too long: 205/200 characters; please shorten it');
    expect(p.active().dataset.testid).toBe('intake-title');
  });

  it('marks the required fields', async () => {
    const p = await mountPanel();
    for (const field of ['line', 'category', 'priority']) expect(p.el(`intake-${field}`).attributes('aria-required')).toBe('true');
    expect(p.wrapper.findAll('.label .required')).toHaveLength(3);
  });

  it('a press on the address list picks nothing until it is a click on one suggestion, and not on a list just shown', async () => {
    const p = await mountPanel();
    await p.press('a', { code: 'KeyA', altKey: true });
    await p.type('湖滨');
    await p.typingPause();
    const option = p.el('intake-address-suggestion').element as HTMLElement;
    const down = new MouseEvent('mousedown', { bubbles: true, cancelable: true });
    option.dispatchEvent(down);
    await settle();
    // The press keeps the focus in the field (the list stays open) and picks nothing yet.
    expect(down.defaultPrevented).toBe(true);
    expect((p.el('intake-address').element as HTMLInputElement).value).toBe('湖滨');
    // A click the moment the answer came in was aimed at what stood there before the list.
    const click = () => option.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, detail: 1 }));
    p.timers.advance(399);
    click();
    await settle();
    expect((p.el('intake-address').element as HTMLInputElement).value).toBe('湖滨');
    p.timers.advance(1);
    click();
    await settle();
    expect((p.el('intake-address').element as HTMLInputElement).value).toBe('厦门市思明区湖滨南路388号');
  });
});
