// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Params, Result } from '../../../../native/api/index.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
import { useVolunteerFocusStore } from '../../stores/volunteer-focus.ts';
import VolunteerPanel from './VolunteerPanel.vue';
import { acceptTime, ratePercent } from './grab-format.ts';
import { PANEL_MIN_INTERVAL_MS } from './use-volunteer-panel.ts';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
});

const DISTRICTS = ['350203', '350205', '350206', '350211', '350212', '350213'];
const none = { offers: 0, accepted: 0, declines: 0, expired: 0, grabRate: null, medianAcceptS: null };

function stats(days: 1 | 7): Result<'volunteers.stats'> {
  return {
    tz: 'Asia/Shanghai',
    day: '2026-11-28',
    days,
    from: Date.parse('2026-11-28T00:00:00+08:00') - (days - 1) * 86_400_000,
    to: Date.parse('2026-11-29T00:00:00+08:00'),
    heldSince: Date.parse('2026-11-26T08:00:00+08:00'),
    patrol: {
      total: 5,
      available: 3,
      busy: 2,
      byDistrict: DISTRICTS.map((district, i) => ({ district, available: i === 0 ? 3 : 0, busy: i === 2 ? 2 : 0 })),
    },
    offers: { offers: days === 1 ? 4 : 9, accepted: 3, declines: 2, expired: 1, grabRate: days === 1 ? 0.75 : 3 / 9, medianAcceptS: 75 },
    byDistrict: DISTRICTS.map((district, i) => (i === 0 ? { district, offers: 4, accepted: 3, declines: 2, expired: 1, grabRate: 0.75, medianAcceptS: 75 } : { district, ...none })),
    byHour: Array.from({ length: 24 }, (_, hour) => (hour === 9 ? { hour, offers: 4, accepted: 3, declines: 2, expired: 1, grabRate: 0.75, medianAcceptS: 75 } : { hour, ...none })),
  };
}

const REPORTS: Result<'volunteers.reports'> = {
  waiting: 3,
  items: [
    {
      id: 'inc-r1',
      rev: 2,
      title: '墙体裂缝',
      category: 'hazard.building',
      priority: 3,
      district: '350203',
      address: '湖滨南路388号',
      description: '墙体有一道长裂缝',
      reportedAt: Date.parse('2026-11-28T09:00:00+08:00'),
      reporter: '林**',
      photos: [
        { id: 'p1', url: 'http://127.0.0.1:7001/files/p1', mime: 'image/png' },
        { id: 'p1b', url: 'http://127.0.0.1:7001/files/p1b', mime: 'image/png' },
      ],
    },
    {
      id: 'inc-r2',
      rev: 1,
      title: '井盖缺失',
      category: 'city_mgmt.manhole',
      priority: 2,
      district: '350206',
      address: null,
      description: null,
      reportedAt: Date.parse('2026-11-28T09:05:00+08:00'),
      reporter: null,
      photos: [],
    },
  ],
};

async function mountPanel(role: 'duty_chief' | 'call_taker' | 'video_patroller' = 'duty_chief') {
  const app = egretTestApp({ session: signedInSession(role), locale: 'zh-CN' });
  const asked = { stats: [] as Params<'volunteers.stats'>[], sent: [] as Params<'command.send'>[], reports: 0 };
  app.host.handlers['volunteers.board'] = (params) => ({
    registered: 10_000,
    found:
      params.find === '林*华' || params.find === 'vol-09000'
        ? [{ rank: 4_711, id: 'vol-09000', name: '林*华', team: null, district: '350211', points: 30, verified: true, onPatrol: 'busy' as const }]
        : [],
    items: [
      { rank: 1, id: 'vol-00007', name: '陈**', team: '莲前街道平安志愿者服务队', district: '350203', points: 420, verified: true, onPatrol: 'available' },
      { rank: 2, id: 'vol-00042', name: '王*', team: null, district: '350206', points: 300, verified: false, onPatrol: null },
    ],
  });
  app.host.handlers['volunteers.stats'] = (params) => {
    asked.stats.push(params);
    return stats((params.days ?? 1) as 1 | 7);
  };
  app.host.handlers['volunteers.reports'] = () => {
    asked.reports++;
    return REPORTS;
  };
  app.host.handlers['command.send'] = (params) => {
    asked.sent.push(params);
    return { id: `cmd-${asked.sent.length}`, name: params.name, queuedAt: '2026-11-28T01:10:00.000Z' };
  };
  app.client.start();
  wrapper = mount(VolunteerPanel, { global: { plugins: [app.plugin] }, attachTo: document.body });
  await settle();
  await settle();
  return { ...app, wrapper, asked };
}

describe('the volunteer panel', () => {
  it('shows patrols by district, the leaderboard by name and the grab figures, switching today / 7 days', async () => {
    const { wrapper, asked } = await mountPanel();
    const patrolRows = wrapper.findAll('[data-testid="volunteer-patrol-row"]');
    expect(patrolRows.map((r) => r.find('th').text())).toEqual(['思明区', '海沧区', '湖里区', '集美区', '同安区', '翔安区']);
    expect(wrapper.get('[data-testid="volunteer-patrol-summary"]').text()).toBe('在岗 5 人：空闲 3，执行任务 2');

    const board = wrapper.findAll('[data-testid="leaderboard-row"]');
    expect(board[0]!.text()).toContain('陈**');
    expect(board[0]!.text()).toContain('在岗空闲');
    expect(board[1]!.text()).toContain('未认证');
    expect(wrapper.get('[data-testid="volunteer-leaderboard"]').text()).not.toContain('vol-');

    expect(wrapper.get('[data-testid="volunteer-grab-summary"]').text()).toBe('推送 4 次，被接 3 次，抢单率 75%，接单用时中位数 1 分 15 秒');
    // Only the hours with offers are listed.
    expect(wrapper.findAll('[data-testid="volunteer-grab-hour"] tbody tr').map((r) => r.attributes('data-hour'))).toEqual(['9']);
    expect(asked.stats.map((p) => p.days)).toEqual([1]);
    expect(wrapper.find('[data-testid="volunteer-held-since"]').exists()).toBe(false);
    // With offers made, the hourly chart beside the tables.
    expect(wrapper.find('[data-testid="volunteer-grab-chart"]').exists()).toBe(true);

    await wrapper.get('[data-testid="volunteer-window-week"]').trigger('click');
    await settle();
    await settle();
    expect(asked.stats.map((p) => p.days)).toEqual([1, 7]);
    expect(wrapper.get('[data-testid="volunteer-grab-summary"]').attributes('data-offers')).toBe('9');
    expect(wrapper.get('[data-testid="volunteer-window-week"]').attributes('aria-pressed')).toBe('true');
    // The cache's offers start two days back: the 7 days say so.
    expect(wrapper.get('[data-testid="volunteer-held-since"]').text()).toContain('2026/11/26');
  });

  it('finds a volunteer wherever they rank once the operator pauses typing, and Esc clears the search', async () => {
    const { wrapper, timers } = await mountPanel();
    const box = wrapper.get('[data-testid="leaderboard-find"]');
    await box.setValue('林*');
    await box.setValue('林*华');
    timers.advance(299);
    await settle();
    expect(wrapper.find('[data-testid="leaderboard-found"]').exists()).toBe(false);
    timers.advance(1);
    await settle();
    await settle();
    const row = wrapper.get('[data-testid="leaderboard-found-row"]');
    expect(row.attributes()).toMatchObject({ 'data-id': 'vol-09000', 'data-rank': '4711', 'data-points': '30' });
    expect(row.text()).toContain('林*华');
    expect(row.text()).toContain('集美区');
    expect(row.text()).toContain('执行任务');

    await box.setValue('张');
    timers.advance(300);
    await settle();
    await settle();
    expect(wrapper.get('[data-testid="leaderboard-found"]').text()).toBe('没有找到“张”。');

    await box.trigger('keydown', { key: 'Escape' });
    await settle();
    expect(wrapper.find('[data-testid="leaderboard-found"]').exists()).toBe(false);
    await settle();
    expect((box.element as HTMLInputElement).value).toBe('');
  });

  it('shows a volunteer picked on an incident by id (masked names are shared), until the operator types', async () => {
    const { wrapper, timers } = await mountPanel();
    const focus = useVolunteerFocusStore();
    focus.focus({ id: 'vol-09000', name: '林*华' });
    await settle();
    await settle();
    expect(wrapper.get('[data-testid="leaderboard-focus"]').text()).toContain('所选：林*华');
    expect(wrapper.get('[data-testid="leaderboard-found-row"]').attributes('data-rank')).toBe('4711');

    await wrapper.get('[data-testid="leaderboard-find"]').setValue('张');
    expect(focus.focused).toBeNull();
    timers.advance(300);
    await settle();
    await settle();
    expect(wrapper.find('[data-testid="leaderboard-focus"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="leaderboard-found"]').text()).toBe('没有找到“张”。');
  });

  it('verifies through incident.transition → verified, and rejects only with a reason, sent as the note', async () => {
    const { wrapper, asked, host } = await mountPanel('call_taker');
    const card = (id: string) => wrapper.get(`[data-testid="volunteer-report"][data-id="${id}"]`);
    expect(card('inc-r1').get('[data-testid="report-photo"] img').attributes('src')).toBe('http://127.0.0.1:7001/files/p1');
    expect(card('inc-r2').text()).toContain('无照片');
    expect(wrapper.text()).toContain('另有 1 条未列出');

    await card('inc-r1').get('[data-testid="report-verify"]').trigger('click');
    await settle();
    expect(asked.sent).toEqual([{ name: 'incident.transition', args: { incident: 'inc-r1', to: 'verified' } }]);
    expect(card('inc-r1').get('[data-testid="report-phase"]').attributes('data-phase')).toBe('queued');
    expect(card('inc-r1').get('[data-testid="report-verify"]').attributes('disabled')).toBeDefined();
    host.publish('command.result', [{ id: 'cmd-1', name: 'incident.transition', ok: true, code: null, message: null, seq: 9 }]);
    await settle();
    expect(card('inc-r1').get('[data-testid="report-phase"]').attributes('data-phase')).toBe('applied');

    await card('inc-r2').get('[data-testid="report-reject"]').trigger('click');
    await card('inc-r2').get('form').trigger('submit');
    await settle();
    expect(card('inc-r2').find('[data-testid="report-reason-missing"]').exists()).toBe(true);
    expect(asked.sent).toHaveLength(1);
    await card('inc-r2').get('[data-testid="report-reason"]').setValue('  照片与描述不符  ');
    await card('inc-r2').get('form').trigger('submit');
    await settle();
    expect(asked.sent[1]).toEqual({ name: 'incident.transition', args: { incident: 'inc-r2', to: 'cancelled', note: '照片与描述不符' } });
    host.publish('command.result', [{ id: 'cmd-2', name: 'incident.transition', ok: false, code: 'conflict', message: 'incident inc-r2 cannot go from verified to cancelled', seq: null }]);
    await settle();
    const phase = card('inc-r2').get('[data-testid="report-phase"]');
    expect(phase.attributes('data-phase')).toBe('failed');
    expect(phase.text()).toContain('cannot go from verified');
    // A failed decision may be made again.
    expect(card('inc-r2').get('[data-testid="report-reject"]').attributes('disabled')).toBeUndefined();
  });

  it("enlarges a report's photo in a dialog named after the report; the arrows step through that report's photos, Esc gives focus back", async () => {
    const { wrapper } = await mountPanel();
    const card = wrapper.get('[data-testid="volunteer-report"][data-id="inc-r1"]');
    const second = card.findAll('[data-testid="report-photo"]')[1]!;
    await second.trigger('click');
    await settle();
    const box = wrapper.get('[data-testid="report-lightbox"]');
    expect(box.attributes('aria-label')).toBe('上报的照片：墙体裂缝');
    expect(box.get('img').attributes('src')).toBe('http://127.0.0.1:7001/files/p1b');
    expect(document.activeElement).toBe(wrapper.get('[data-testid="report-lightbox-close"]').element);
    await box.trigger('keydown', { key: 'ArrowRight' });
    expect(wrapper.get('[data-testid="report-lightbox"] img').attributes('src')).toBe('http://127.0.0.1:7001/files/p1');
    expect(wrapper.get('[data-testid="report-lightbox-position"]').text()).toBe('第 1 张，共 2 张');
    await wrapper.get('[data-testid="report-lightbox"]').trigger('keydown', { key: 'Escape' });
    expect(wrapper.find('[data-testid="report-lightbox"]').exists()).toBe(false);
    expect(document.activeElement).toBe(second.element);
  });

  it('offers no verify or reject to a role the host would refuse', async () => {
    const { wrapper } = await mountPanel('video_patroller');
    expect(wrapper.findAll('[data-testid="volunteer-report"]')).toHaveLength(2);
    expect(wrapper.find('[data-testid="report-verify"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('当前角色不能核实或驳回上报');
  });

  it('re-reads the reports on incident changes, coalesced', async () => {
    const { asked, host, timers } = await mountPanel();
    expect(asked.reports).toBe(1);
    host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-r1'], deleted: [] }]);
    host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-r2'], deleted: [] }]);
    await settle();
    timers.advance(PANEL_MIN_INTERVAL_MS);
    await settle();
    expect(asked.reports).toBe(2);
    // A change to another kind leaves the reports alone.
    host.publish('entities.changed', [{ kind: 'camera', upserted: ['cam-1'], deleted: [] }]);
    timers.advance(PANEL_MIN_INTERVAL_MS);
    await settle();
    expect(asked.reports).toBe(2);
  });
});

describe('grab figures in words', () => {
  const words = { t: (key: string, named?: Record<string, unknown>) => `${key.split('.').pop()}${named ? JSON.stringify(named) : ''}`, te: () => true };
  it('rates as whole percentages and waits in seconds, then minutes and seconds; none as a dash', () => {
    expect(ratePercent(words, 'zh-CN', 2 / 3)).toBe('67%');
    expect(ratePercent(words, 'en', null)).toBe('none');
    expect(acceptTime(words, 42.4)).toBe('seconds{"n":42}');
    expect(acceptTime(words, 125)).toBe('minutes{"m":2,"s":"05"}');
    expect(acceptTime(words, null)).toBe('none');
  });
});
