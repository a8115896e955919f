// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import type { Result } from '../../../../native/api/index.ts';
import { ApiCallError } from '../../api/api-call-error.ts';
import { egretTestApp, settle } from '../../test-support/egret-app.ts';
import { signedInSession } from '../../test-support/board-fixtures.ts';
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

/** n = 1..count, the host answers newest first below `before`. */
function auditLog(count: number): Entry[] {
  return Array.from({ length: count }, (_, i) => ({
    n: i + 1,
    at: new Date(Date.UTC(2025, 2, 14, 1, 0, i)).toISOString(),
    operator: i % 2 ? '陈静' : '林晓',
    role: i % 2 ? 'duty_chief' : 'call_taker',
    workstation: 'desk-07',
    action: 'command.send',
    target: `incident.dispatch inc-${i + 1}`,
    result: i === 4 ? 'forbidden' : 'ok',
  }));
}

async function mountAudit(options: { role?: 'duty_chief' | 'call_taker'; entries?: number; pageSize?: number } = {}) {
  const app = egretTestApp({ session: signedInSession(options.role ?? 'duty_chief'), locale: 'en' });
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
    const first = wrapper.findAll('[data-testid="audit-row"]')[0]!;
    expect(first.text()).toContain('林晓');
    expect(first.text()).toContain('Call taker');
    expect(first.text()).toContain('09:00:06'); // 01:00:06 UTC in the platform zone
    expect(wrapper.findAll('[data-testid="audit-row"]')[2]!.find('.failed').text()).toBe('forbidden');

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
