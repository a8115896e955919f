// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Params } from '../../../../native/api/index.ts';
import type { IncidentEvent } from '../../stores/detail.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
import OfferStatus from './OfferStatus.vue';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

const T = (hhmmss: string) => `2026-11-28T${hhmmss}+08:00`;
const NAMES: Record<string, string> = { 'vol-1': '林*', 'vol-2': '陈**', 'vol-3': '王*' };

const offer: IncidentEvent = {
  id: 'ev-10',
  rev: 1,
  incident: 'inc-1',
  at: T('09:00:00'),
  actor: '接警员 林晓',
  kind: 'offer',
  data: { volunteers: ['vol-1', 'vol-2', 'vol-3'], expires_at: T('09:01:00') },
};
const decline: IncidentEvent = {
  id: 'ev-11',
  rev: 1,
  incident: 'inc-1',
  at: T('09:00:05'),
  actor: '王*',
  kind: 'decline',
  data: { volunteer: 'vol-3', offer: 'ev-10' },
};
const accept: IncidentEvent = {
  id: 'ev-12',
  rev: 1,
  incident: 'inc-1',
  at: T('09:00:09'),
  actor: 'someone',
  kind: 'accept',
  data: { volunteer: 'vol-2', offer: 'ev-10' },
};

async function flush(): Promise<void> {
  for (let i = 0; i < 4; i++) await settle();
}

function mountStatus(events: IncidentEvent[], at: string, locale: 'zh-CN' | 'en' = 'zh-CN', offerId?: string) {
  const app = egretTestApp({ session: signedInSession('call_taker'), locale });
  app.timers.advance(Date.parse(T(at)));
  const asked: Params<'volunteers.names'>[] = [];
  app.host.handlers['volunteers.names'] = (params) => {
    asked.push(params);
    return params.ids.filter((id) => NAMES[id]).map((id) => ({ id, name: NAMES[id]! }));
  };
  app.client.start();
  wrapper = mount(OfferStatus, {
    props: { events, timeZone: 'Asia/Shanghai', ...(offerId ? { offer: offerId } : {}) },
    global: { plugins: [app.plugin] },
  });
  return { ...app, wrapper, asked };
}

describe('OfferStatus', () => {
  it('shows nothing for an incident never offered', async () => {
    const { wrapper } = mountStatus([], '09:00:00');
    await flush();
    expect(wrapper.find('[data-testid="offer-status"]').exists()).toBe(false);
  });

  it('a waiting offer counts down on the clock and shows expired when expires_at passes, before any expire event', async () => {
    const { wrapper, timers } = mountStatus([offer, decline], '09:00:30');
    await flush();
    const line = () => wrapper.get('[data-testid="offer"]');
    expect(line().attributes('data-state')).toBe('pending');
    expect(line().text()).toContain('剩余 00:30');
    expect(line().text()).toContain('推送给 林*、陈**、王*');
    expect(line().get('[data-testid="offer-declined"]').text()).toBe('婉拒：王*');

    timers.advance(10_000);
    await flush();
    expect(line().text()).toContain('剩余 00:20');

    timers.advance(20_000);
    await flush();
    expect(line().attributes('data-state')).toBe('expired');
    expect(line().attributes('data-expired-by')).toBe('time');
    expect(line().get('[data-testid="offer-outcome"]').text()).toBe('09:01 超时，无人接单');
    // Nothing left to count down: the clock stops.
    expect(timers.pendingCount).toBe(0);
  });

  it('accepted: by the volunteer’s name from the cache, never the id (English too)', async () => {
    const { wrapper, asked } = mountStatus([offer, decline, accept], '09:00:10', 'en');
    await flush();
    const line = wrapper.get('[data-testid="offer"]');
    expect(line.attributes('data-state')).toBe('accepted');
    expect(line.get('[data-testid="offer-outcome"]').text()).toBe('Accepted by 陈**');
    expect(line.get('[data-testid="offer-declined"]').text()).toBe('Declined: 王*');
    expect(wrapper.text()).not.toMatch(/vol-/);
    expect(asked).toEqual([{ ids: ['vol-1', 'vol-2', 'vol-3'] }]);
  });

  it('a volunteer the cache does not know yet: the name the platform wrote on the event, and a count for the offered', async () => {
    const stranger: IncidentEvent = { ...accept, actor: '赵*', data: { volunteer: 'vol-404', offer: 'ev-10' } };
    const offered: IncidentEvent = { ...offer, data: { volunteers: ['vol-1', 'vol-404', 'vol-405'], expires_at: T('09:01:00') } };
    const { wrapper } = mountStatus([offered, stranger], '09:00:10');
    await flush();
    expect(wrapper.get('[data-testid="offer-outcome"]').text()).toBe('赵* 已接单');
    expect(wrapper.text()).toContain('推送给 林*、2 名志愿者');
    expect(wrapper.text()).not.toMatch(/vol-/);
  });

  it('inline in a timeline row: only the offer it is given', async () => {
    const second: IncidentEvent = { ...offer, id: 'ev-20', at: T('09:02:00'), data: { volunteers: ['vol-1'], expires_at: T('09:04:00') } };
    const expire: IncidentEvent = { id: 'ev-13', rev: 1, incident: 'inc-1', at: T('09:01:00'), actor: '指挥平台', kind: 'expire', data: { offer: 'ev-10' } };
    const { wrapper } = mountStatus([offer, expire, second], '09:02:30', 'zh-CN', 'ev-10');
    await flush();
    const lines = wrapper.findAll('[data-testid="offer"]');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.attributes()).toMatchObject({ 'data-id': 'ev-10', 'data-state': 'expired', 'data-expired-by': 'event' });
  });
});
