import { describe, expect, it } from 'vitest';
import { FAVOURITES_KEY, districtKey, directoryRows, groupKey, leftOf, roadKey, searchRows, type DirectoryCamera, type TreeInput } from './directory-tree.ts';

const cam = (id: string, district: string, road: string | null, status: DirectoryCamera['status'] = 'online'): DirectoryCamera => ({
  id,
  name: `摄像头 ${id}`,
  district,
  road,
  status,
  kind: 'fixed',
});

// In the host's order: district → road (no road first, as SQL sorts NULL) → name.
const CAMERAS = [
  cam('c-gate', '350203', null),
  cam('c-1', '350203', '湖滨南路'),
  cam('c-2', '350203', '湖滨南路', 'offline'),
  cam('c-3', '350203', '湖滨南路', 'flapping'),
  cam('c-9', '350206', '嘉禾路', 'offline'),
];

function input(patch: Partial<TreeInput> = {}): TreeInput {
  return { cameras: CAMERAS, favourites: [], groups: [], opened: new Set(), folded: new Set(), onlineOnly: false, ...patch };
}
const keys = (patch: Partial<TreeInput> = {}) => directoryRows(input(patch)).map((r) => r.key);

describe('the directory tree as one list of rows', () => {
  it('starts with favourites open and every district folded, each district counting its cameras and the offline ones', () => {
    const rows = directoryRows(input());
    expect(rows.map((r) => r.key)).toEqual([FAVOURITES_KEY, districtKey('350203'), districtKey('350206')]);
    expect(rows[1]).toMatchObject({ type: 'district', total: 4, offline: 1, expanded: false });
    expect(rows[2]).toMatchObject({ total: 1, offline: 1 });
  });

  it('unfolds a district into its roads (cameras on no road last) and a road into its cameras', () => {
    const d = districtKey('350203');
    const road = roadKey('350203', '湖滨南路');
    expect(keys({ opened: new Set([d]) })).toEqual([FAVOURITES_KEY, d, road, roadKey('350203', null), districtKey('350206')]);
    const rows = directoryRows(input({ opened: new Set([d, road]) }));
    expect(rows.filter((r) => r.type === 'camera').map((r) => (r.type === 'camera' ? r.camera.id : ''))).toEqual(['c-1', 'c-2', 'c-3']);
    expect(rows.find((r) => r.key === road)).toMatchObject({ total: 3, offline: 1, depth: 1, parent: d });
    // A road folded inside an open district, or an open road inside a folded district, shows no cameras.
    expect(keys({ opened: new Set([road]) })).not.toContain(`${road}/c-1`);
  });

  it('orders a district’s roads by pinyin, as a Chinese reader looks them up, whatever order they come in', () => {
    const roads = ['湖滨南路', '仙岳路', '嘉禾路', '厦禾路'].map((road, i) => cam(`r-${i}`, '350203', road));
    const rows = directoryRows(input({ cameras: roads, opened: new Set([districtKey('350203')]) }));
    // hú, jiā, xià, xiān
    expect(rows.flatMap((r) => (r.type === 'road' ? [r.name] : []))).toEqual(['湖滨南路', '嘉禾路', '厦禾路', '仙岳路']);
  });

  it('online only hides offline cameras but keeps counting them; a flapping camera stays', () => {
    const d = districtKey('350203');
    const road = roadKey('350203', '湖滨南路');
    const rows = directoryRows(input({ opened: new Set([d, road]), onlineOnly: true }));
    expect(rows.flatMap((r) => (r.type === 'camera' ? [r.camera.id] : []))).toEqual(['c-1', 'c-3']);
    expect(rows.find((r) => r.key === road)).toMatchObject({ total: 3, offline: 1 });
  });

  it('has no favourites row for a role that keeps none', () => {
    expect(keys({ favourites: null, groups: null })).toEqual([districtKey('350203'), districtKey('350206')]);
  });

  it('lists favourites and groups first, each camera keyed apart from its road row; ids the directory lacks are left out', () => {
    const rows = directoryRows(
      input({
        favourites: ['c-9', 'gone'],
        groups: [{ name: '早高峰', cameras: ['c-1', 'c-2'] }],
        folded: new Set(),
        opened: new Set([districtKey('350206'), roadKey('350206', '嘉禾路')]),
      }),
    );
    expect(rows.map((r) => r.key)).toEqual([
      FAVOURITES_KEY,
      `${FAVOURITES_KEY}/c-9`,
      groupKey('早高峰'),
      `${groupKey('早高峰')}/c-1`,
      `${groupKey('早高峰')}/c-2`,
      districtKey('350203'),
      districtKey('350206'),
      roadKey('350206', '嘉禾路'),
      `${roadKey('350206', '嘉禾路')}/c-9`,
    ]);
    expect(rows[0]).toMatchObject({ total: 1, offline: 1 });
    expect(rows[3]).toMatchObject({ group: '早高峰', parent: groupKey('早高峰') });
    expect(keys({ groups: [{ name: '早高峰', cameras: ['c-1'] }], folded: new Set([groupKey('早高峰')]) })).not.toContain(`${groupKey('早高峰')}/c-1`);
  });

  it('search results are flat, best first, online only respected', () => {
    const byId = new Map(CAMERAS.map((c) => [c.id, c]));
    expect(searchRows(['c-2', 'c-1', 'unknown'], byId, false).map((r) => r.camera.id)).toEqual(['c-2', 'c-1']);
    expect(searchRows(['c-2', 'c-1'], byId, true).map((r) => r.camera.id)).toEqual(['c-1']);
  });

  it('Left folds an open node, else goes to the parent', () => {
    const d = districtKey('350203');
    const road = roadKey('350203', '湖滨南路');
    const rows = directoryRows(input({ opened: new Set([d, road]) }));
    const at = (key: string) => rows.find((r) => r.key === key)!;
    expect(leftOf(at(`${road}/c-1`))).toEqual({ to: road });
    expect(leftOf(at(road))).toEqual({ fold: road });
    expect(leftOf(at(d))).toEqual({ fold: d });
    expect(leftOf(at(districtKey('350206')))).toBeNull();
  });
});
