// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Params, Result } from '../../../native/api/index.ts';
import { settle, storeTestApp } from '../test-support/egret-app.ts';
import { signedInSession, signedOutSession } from '../test-support/board-fixtures.ts';
import { unitLabel, unitList, useDepartmentNames } from './departments.ts';
import { wordsIn } from './test-words.ts';

const zh = wordsIn('zh-CN');
const en = wordsIn('en');

function departmentsApp(session = signedInSession()) {
  const app = storeTestApp({ session });
  const asked: Params<'departments.list'>[] = [];
  let list: Result<'departments.list'> = [
    { id: 'dept-siming-fire', name: '思明区消防救援大队', kind: 'fire', level: 'district', district: '350203', suggested: false },
    { id: 'dept-city-120', name: '厦门市医疗急救中心', kind: 'health', level: 'city', district: null, suggested: false },
  ];
  app.host.handlers['departments.list'] = (params) => {
    asked.push(params);
    return list;
  };
  return { ...app, asked, setList: (next: Result<'departments.list'>) => (list = next) };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await settle();
}

describe('linkage units by name', () => {
  it('reads every unit once signed in (no category: all of them), not before', async () => {
    const app = departmentsApp(signedOutSession());
    app.client.start();
    const store = app.run(() => useDepartmentNames());
    await flush();
    expect(app.asked).toEqual([]);
    expect(store.units).toBeNull();
    expect(unitLabel(zh, store.units, 'dept-siming-fire')).toEqual({ text: '…', title: undefined });

    app.host.state.session = signedInSession();
    app.host.publish('session.info', app.host.state.session);
    await flush();
    expect(app.asked).toEqual([{}]);
    expect(unitLabel(zh, store.units, 'dept-siming-fire')).toEqual({ text: '思明区消防救援大队', title: undefined });
    expect(unitList(en, store.units, ['dept-siming-fire', 'dept-city-120'])).toBe('思明区消防救援大队, 厦门市医疗急救中心');
    expect(unitList(zh, store.units, ['dept-siming-fire', 'dept-city-120'])).toBe('思明区消防救援大队、厦门市医疗急救中心');
  });

  it('an id the cache does not hold reads "unknown unit" in either language, the id only in the tooltip', async () => {
    const app = departmentsApp();
    app.client.start();
    const store = app.run(() => useDepartmentNames());
    await flush();
    expect(unitLabel(zh, store.units, 'dept-haicang-new')).toEqual({ text: '未知单位', title: 'dept-haicang-new' });
    expect(unitLabel(en, store.units, 'dept-haicang-new')).toEqual({ text: 'Unknown unit', title: 'dept-haicang-new' });
  });

  it('reads the units again when the platform changes a department, not for other changes', async () => {
    const app = departmentsApp();
    app.client.start();
    const store = app.run(() => useDepartmentNames());
    await flush();
    expect(app.asked).toHaveLength(1);

    app.host.publish('entities.changed', [{ kind: 'incident', upserted: ['inc-1'], deleted: [] }]);
    await flush();
    expect(app.asked).toHaveLength(1);

    app.setList([{ id: 'dept-haicang-new', name: '海沧区新阳街道办事处', kind: 'street_office', level: 'street', district: '350205', suggested: false }]);
    app.host.publish('entities.changed', [{ kind: 'department', upserted: ['dept-haicang-new'], deleted: ['dept-city-120'] }]);
    await flush();
    expect(app.asked).toHaveLength(2);
    expect(unitLabel(en, store.units, 'dept-haicang-new').text).toBe('海沧区新阳街道办事处');
    expect(unitLabel(en, store.units, 'dept-city-120')).toEqual({ text: 'Unknown unit', title: 'dept-city-120' });
  });
});
