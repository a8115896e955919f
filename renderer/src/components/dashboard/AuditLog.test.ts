// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Result } from '../../../../native/api/index.ts';
import { ApiCallError } from '../../api/api-call-error.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
import { warning, warningsState } from '../../test-support/warning-fixtures.ts';
import AuditLog from './AuditLog.vue';

type Entry = Result<'audit.list'>[number];

let wrapper: VueWrapper | null = null;
let clicked: HTMLAnchorElement[] = [];
let created: Blob[] = [];
beforeEach(() => {
  clicked = [];
  created = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    created.push(blob as Blob);
    return `blob:egret/${created.length}`;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  // A real click on <a download> would start a download (or navigate) in a browser; here it is recorded.
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this);
  });
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.restoreAllMocks();
});

const OUTCOMES = ['queued', 'applied', 'queued', 'applied', 'refused: forbidden', 'failed: conflict', 'queued: role unverified'];

/** n = 1..count, the host answers newest first below `before`; as the host writes them (ids, dotted command names). */
function auditLog(count: number): Entry[] {
  return Array.from({ length: count }, (_, i) => ({
    n: i + 1,
    at: new Date(Date.UTC(2025, 2, 14, 1, 0, i)).toISOString(),
    operator: i === 6 ? null : i % 2 ? 'op-001' : 'op-031',
    operatorName: i === 6 ? null : i % 2 ? '值班长 陈' : '接警员 林晓',
    role: i === 6 ? null : i % 2 ? 'duty_chief' : 'call_taker',
    workstation: 'desk-07',
    action: i % 3 ? 'incident.dispatch' : 'incident.create',
    target: `inc-2025-00000${i + 1}`,
    result: OUTCOMES[i % OUTCOMES.length]!,
  }));
}

async function mountAudit(options: { role?: 'duty_chief' | 'call_taker'; entries?: number; pageSize?: number; locale?: 'en' | 'zh-CN' } = {}) {
  const app = egretTestApp({ session: signedInSession(options.role ?? 'duty_chief'), locale: options.locale ?? 'en' });
  const all = auditLog(options.entries ?? 7);
  const asked: { limit?: number; before?: number }[] = [];
  app.host.handlers['audit.list'] = (params) => {
    asked.push(params);
    const before = params.before ?? Number.MAX_SAFE_INTEGER;
    return all
      .filter((e) => e.n < before)
      .reverse()
      .slice(0, params.limit ?? 200);
  };
  app.host.handlers['audit.csv'] = () => ({
    filename: 'egret-audit-2025-03-14.csv',
    csv: '\ufefftime,operator,role,workstation,action,target,result,detail\r\n2025-03-14T01:00:00.000Z,林晓,call_taker,desk-07,command.send,"a,b",ok,\r\n',
  });
  app.client.start();
  wrapper = mount(AuditLog, {
    props: { pageSize: options.pageSize ?? 3, timeZone: 'Asia/Shanghai' },
    global: { plugins: [app.plugin] },
    attachTo: document.body,
  });
  await settle();
  await settle();
  return { ...app, wrapper, asked };
}

const shownNs = (w: VueWrapper) => w.findAll('[data-testid="audit-row"]').map((r) => Number(r.attributes('data-n')));

describe('the audit log', () => {
  it('lists entries newest first a page at a time, until the oldest', async () => {
    const { wrapper, asked } = await mountAudit();
    expect(shownNs(wrapper)).toEqual([7, 6, 5]);
    const shown = wrapper.findAll('[data-testid="audit-row"]');
    expect(shown[2]!.text()).toContain('接警员 林晓');
    expect(shown[2]!.text()).toContain('Call taker');
    expect(shown[0]!.text()).toContain('09:00:06'); // 01:00:06 UTC in the platform zone
    expect(shown[2]!.get('[data-testid="audit-outcome"]').text()).toBe('Refused: Your role may not do this');
    expect(shown[2]!.get('[data-testid="audit-outcome"]').classes()).toContain('failed');

    await wrapper.get('[data-testid="audit-more"]').trigger('click');
    await settle();
    await wrapper.get('[data-testid="audit-more"]').trigger('click');
    await settle();
    expect(shownNs(wrapper)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(asked.map((p) => p.before)).toEqual([undefined, 5, 2]);
    expect(wrapper.find('[data-testid="audit-more"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="audit-end"]').exists()).toBe(true);

    await wrapper.get('[data-testid="audit-refresh"]').trigger('click');
    await settle();
    expect(shownNs(wrapper)).toEqual([7, 6, 5]);
  });

  it('names operators, commands and outcomes in the operator’s language; only refusals and failures are errors', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const mounted = (await mountAudit({ pageSize: 10, locale })).wrapper;
      const rows = mounted.findAll('[data-testid="audit-row"]');
      const cells = (n: number) => rows.find((r) => r.attributes('data-n') === String(n))!.findAll('td').map((td) => td.text());
      const outcome = (n: number) => rows.find((r) => r.attributes('data-n') === String(n))!.get('[data-testid="audit-outcome"]');
      const text = mounted.get('[data-testid="audit-table"]').text();
      // The ids and dotted names the host stores never reach the table; incident numbers do (operators quote them).
      expect(text).not.toMatch(/op-0|incident\.(create|dispatch)|role unverified|forbidden|conflict/);
      expect(text).toContain('inc-2025-000001');
      if (locale === 'en') {
        expect(cells(1).slice(1, 7)).toEqual(['接警员 林晓', 'Call taker', 'desk-07', 'Create incident', 'inc-2025-000001', 'Queued to send']);
        expect(cells(2)[4]).toBe('Dispatch');
        expect(outcome(2).text()).toBe('Applied by the platform');
        expect(outcome(6).text()).toBe('Failed: Someone else changed this meanwhile');
        expect(cells(7).slice(1, 3)).toEqual(['—', '—']);
        expect(outcome(7).text()).toBe('Queued to send (role not verified)');
      } else {
        expect(cells(1).slice(1, 7)).toEqual(['接警员 林晓', '接警员', 'desk-07', '新建事件', 'inc-2025-000001', '已进入发送队列']);
        expect(outcome(5).text()).toBe('已拒绝：当前角色无权执行该操作');
      }
      for (const n of [1, 2, 3, 4, 7]) expect(outcome(n).classes(), `entry ${n}`).not.toContain('failed');
      for (const n of [5, 6]) expect(outcome(n).classes(), `entry ${n}`).toContain('failed');
      mounted.unmount();
      wrapper = null;
    }
  });

  it('an operator this workstation has no name for reads "unknown operator", the id in the tooltip', async () => {
    const app = egretTestApp({ session: signedInSession('duty_chief'), locale: 'en' });
    app.host.handlers['audit.list'] = () => [
      { n: 1, at: '2025-03-14T01:00:00.000Z', operator: 'op-099', operatorName: null, role: 'call_taker', workstation: 'desk-07', action: 'incident.merge', target: 'inc-1', result: 'applied' },
    ];
    app.client.start();
    wrapper = mount(AuditLog, { global: { plugins: [app.plugin] }, attachTo: document.body });
    await settle();
    await settle();
    const operator = wrapper.get('[data-testid="audit-row"]').findAll('td')[1]!;
    expect(operator.text()).toBe('Unknown operator');
    expect(operator.attributes('title')).toBe('op-099');
  });

  it('a warning acknowledged or dismissed is named by what it found, never by its key (issue 14)', async () => {
    const app = egretTestApp({ session: signedInSession('duty_chief'), locale: 'zh-CN' });
    app.host.handlers['warnings.list'] = () => warningsState();
    const entry = (n: number, action: string, target: string) => ({
      n,
      at: '2025-03-14T01:20:00.000Z',
      operator: 'op-001',
      operatorName: '陈静',
      role: 'duty_chief',
      workstation: 'desk-07',
      action,
      target,
      result: 'saved',
    });
    app.host.handlers['audit.list'] = () => [entry(2, 'warnings.dismiss', 'surge:350206:110:2025-03-13T01'), entry(1, 'warnings.acknowledge', warning().key)];
    app.client.setSignedIn(true);
    app.client.start();
    wrapper = mount(AuditLog, { global: { plugins: [app.plugin] }, attachTo: document.body });
    for (let i = 0; i < 3; i++) await settle();
    const cells = wrapper.findAll('[data-testid="audit-row"]').map((r) => r.findAll('td').map((td) => td.text()));
    expect(cells.map((c) => [c[4], c[5]])).toEqual([
      ['排除预警', '来电激增'],
      ['确认预警', '刑事案件 · 盗窃聚集：4 起'],
    ]);
  });

  it('exports the whole log as a CSV file through a Blob and <a download>, without navigating', async () => {
    const { wrapper } = await mountAudit();
    const before = location.href;
    await wrapper.get('[data-testid="audit-export"]').trigger('click');
    await settle();

    expect(created).toHaveLength(1);
    const blob = created[0]!;
    expect(blob.type).toBe('text/csv;charset=utf-8');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM kept: spreadsheets read the Chinese right
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text).toBe('\ufefftime,operator,role,workstation,action,target,result,detail\r\n2025-03-14T01:00:00.000Z,林晓,call_taker,desk-07,command.send,"a,b",ok,\r\n');

    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('egret-audit-2025-03-14.csv');
    expect(clicked[0]!.href).toBe('blob:egret/1');
    expect(clicked[0]!.isConnected).toBe(false); // the temporary link is gone again
    expect(location.href).toBe(before);
    expect(wrapper.get('[data-testid="audit-export-note"]').text()).toContain('egret-audit-2025-03-14.csv');
    expect(wrapper.emitted('exported')?.[0]?.[1]).toBe('egret-audit-2025-03-14.csv');
  });

  it('says why an export failed', async () => {
    const app = await mountAudit();
    app.host.handlers['audit.csv'] = () => {
      throw new ApiCallError('internal', 'disk full');
    };
    await app.wrapper.get('[data-testid="audit-export"]').trigger('click');
    await settle();
    expect(created).toHaveLength(0);
    expect(app.wrapper.get('[data-testid="audit-export-note"]').text()).toContain('disk full');
  });

  it('is for the duty chief only: other roles ask for nothing', async () => {
    const { wrapper, asked } = await mountAudit({ role: 'call_taker' });
    expect(asked).toHaveLength(0);
    expect(wrapper.find('[data-testid="audit-table"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="audit-export"]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid="audit-chief-only"]').exists()).toBe(true);
  });
});
