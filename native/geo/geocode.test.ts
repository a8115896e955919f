import { describe, expect, it } from 'vitest';
import { BEST_AT_LEAST, geocode, houseNumber, normalise, suggest, type PlaceCandidate, type RecentAddress } from './geocode.ts';

/**
 * A small address base: two districts, streets, a community, two roads with
 * house numbers, numbers on a road the base has no road place for, and
 * landmarks with aliases and a former name. Pinyin keys are written out as
 * store/place-text.ts makes them (initials, then full pinyin).
 */
const SIMING = { district: '350203', districtName: '思明区' };
function place(id: string, name: string, kind: PlaceCandidate['kind'], extra: Partial<PlaceCandidate> = {}): PlaceCandidate {
  return { id, name, kind, ...SIMING, street: null, community: null, lat: 24.47, lng: 118.1, aliases: [], pinyin: [], ...extra };
}
const BASE: PlaceCandidate[] = [
  place('d-siming', '思明区', 'district', { aliases: ['思明'], pinyin: ['smq', 'simingqu', 'sm', 'siming'] }),
  place('d-huli', '湖里区', 'district', { district: '350206', districtName: '湖里区', pinyin: ['hlq', 'huliqu'] }),
  place('st-lianqian', '莲前街道', 'street', { pinyin: ['lqjd', 'lianqianjiedao'] }),
  place('st-binhai', '滨海街道', 'street', { pinyin: ['bhjd', 'binhaijiedao'] }),
  place('cm-zhenxing', '振兴社区', 'community', { street: '滨海街道', pinyin: ['zxsq', 'zhenxingshequ'] }),
  place('rd-hbnl', '湖滨南路', 'road', { street: '滨海街道', pinyin: ['hbnl', 'hubinnanlu'] }),
  place('ad-hbnl-388', '湖滨南路388号', 'address', { street: '滨海街道', community: '振兴社区', lat: 24.4771, lng: 118.1102, pinyin: ['hbnl388h', 'hubinnanlu388hao'] }),
  place('ad-hbnl-100', '湖滨南路100号', 'address', { street: '滨海街道', community: '振兴社区', pinyin: ['hbnl100h', 'hubinnanlu100hao'] }),
  place('rd-lqxl', '莲前西路', 'road', { street: '莲前街道', pinyin: ['lqxl', 'lianqianxilu'] }),
  place('ad-lqxl-100', '莲前西路100号', 'address', { street: '莲前街道', pinyin: ['lqxl100h', 'lianqianxilu100hao'] }),
  // 仙岳路: numbers in the base, the road itself not.
  place('ad-xy-100', '仙岳路100号', 'address', { pinyin: ['xyl100h', 'xianyuelu100hao'] }),
  place('ad-xy-120', '仙岳路120号', 'address', { pinyin: ['xyl120h', 'xianyuelu120hao'] }),
  place('poi-xmz', '厦门站', 'poi', { aliases: ['厦门火车站'], pinyin: ['xmz', 'xiamenzhan', 'xmhcz', 'xiamenhuochezhan'] }),
  place('poi-xmbz', '厦门北站', 'poi', { district: '350211', districtName: '集美区', aliases: ['北站'], pinyin: ['xmbz', 'xiamenbeizhan', 'bz', 'beizhan'] }),
  place('poi-ferry', '鼓浪屿轮渡码头', 'poi', { aliases: ['轮渡', '轮渡码头'], pinyin: ['glyldmt', 'gulangyulundumatou', 'ld', 'lundu'] }),
  place('poi-sm', 'SM城市广场', 'poi', { district: '350206', districtName: '湖里区', aliases: ['SM'], pinyin: ['smcsgc', 'smchengshiguangchang'] }),
];

describe('geocoding a typed address', () => {
  const cases: [typed: string, id: string | null, precision: string | null, why: string][] = [
    ['湖滨南路388号', 'ad-hbnl-388', 'address', 'exact'],
    ['厦门市思明区湖滨南路388号', 'ad-hbnl-388', 'address', 'full address with city and district'],
    ['思明区滨海街道湖滨南路388号', 'ad-hbnl-388', 'address', 'district and street before it'],
    ['  湖滨南路３８８号 ', 'ad-hbnl-388', 'address', 'full-width digits and spaces'],
    ['湖滨南388号', 'ad-hbnl-388', 'address', 'abbreviated'],
    ['湖宾南路388号', 'ad-hbnl-388', 'address', 'one character misspelt'],
    ['湖滨南路388号门口', 'ad-hbnl-388', 'address', 'words after the number'],
    ['hbnl388', 'ad-hbnl-388', 'address', 'pinyin initials with the number'],
    ['hbnl', 'rd-hbnl', 'road', 'pinyin initials'],
    ['hu bin nan lu', 'rd-hbnl', 'road', 'full pinyin, spaced'],
    ['湖滨南路390号', 'rd-hbnl', 'road', 'a house number the base lacks: the road'],
    ['仙岳路118号', 'ad-xy-120', 'road', 'a number the base lacks on a road it has no place for: the nearest number'],
    ['仙岳路1000号', 'ad-xy-120', 'road', 'a number far from any on a road the base has no place for: still the nearest'],
    ['SM', 'poi-sm', 'address', 'a Latin name as written, before the pinyin initials of 思明'],
    ['厦门火车站', 'poi-xmz', 'address', 'former name (alias)'],
    ['轮渡', 'poi-ferry', 'address', 'common short name (alias)'],
    ['厦门北站', 'poi-xmbz', 'address', 'landmark that starts with the city'],
    ['xmbz', 'poi-xmbz', 'address', 'landmark by pinyin initials'],
    ['莲前街道', 'st-lianqian', 'street', 'street only'],
    ['振兴社区', 'cm-zhenxing', 'community', 'community only'],
    ['思明区', 'd-siming', 'district', 'district only'],
    ['思明', 'd-siming', 'district', 'district without 区'],
    ['火星基地', null, null, 'nothing matches'],
    ['ABC123', null, null, 'nothing matches in Latin'],
  ];
  for (const [typed, id, precision, why] of cases) {
    it(`${why}: ${typed.trim()}`, () => {
      const { best } = geocode(typed, BASE);
      expect(best && { id: best.id, precision: best.precision }).toEqual(id === null ? null : { id, precision });
      if (best) expect(best.score).toBeGreaterThanOrEqual(BEST_AT_LEAST);
    });
  }

  it('a number the base lacks offers the nearest numbers on that road as the first alternatives', () => {
    const { best, alternatives } = geocode('湖滨南路390号', BASE);
    expect(best).toMatchObject({ id: 'rd-hbnl', kind: 'road', precision: 'road', address: '厦门市思明区湖滨南路' });
    expect(alternatives.slice(0, 2).map((m) => m.id)).toEqual(['ad-hbnl-388', 'ad-hbnl-100']);
    expect(alternatives[0]!.score).toBeLessThan(best!.score);
  });

  it('an exact address carries what the incident is filed with', () => {
    expect(geocode('厦门市思明区湖滨南路388号', BASE).best).toEqual({
      source: 'place', id: 'ad-hbnl-388', name: '湖滨南路388号', address: '厦门市思明区湖滨南路388号', kind: 'address', precision: 'address',
      district: '350203', street: '滨海街道', community: '振兴社区', lat: 24.4771, lng: 118.1102, score: 1,
    });
  });

  it('naming another district than the place’s counts against it', () => {
    const here = geocode('思明区湖滨南路388号', BASE).best!;
    const elsewhere = geocode('湖里区湖滨南路388号', BASE);
    expect(elsewhere.best?.id === 'ad-hbnl-388' ? elsewhere.best.score : 0).toBeLessThan(here.score * 0.7);
  });

  it('an address that matches nothing still lists what came closest, none of it good enough', () => {
    const { best, alternatives } = geocode('火星基地', BASE);
    expect(best).toBeNull();
    expect(alternatives.every((m) => m.score < BEST_AT_LEAST)).toBe(true);
    expect(geocode('火星基地', []).best).toBeNull();
  });
});

describe('suggestions while typing', () => {
  const RECENT: RecentAddress[] = [
    { address: '厦门市思明区湖滨南路与湖滨一路交叉口', district: '350203', street: '滨海街道', community: null, lat: 24.478, lng: 118.112 },
    { address: '湖滨南路388号', district: '350203', street: null, community: null, lat: 24.4771, lng: 118.1102 },
    { address: '湖滨南路某小区门口', district: null, street: null, community: null, lat: null, lng: null },
  ];

  it('offers the road before its numbers, then recent incident addresses not already offered', () => {
    const items = suggest('湖滨南路', BASE, RECENT, 8);
    expect(items.map((m) => [m.source, m.name])).toEqual([
      ['place', '湖滨南路'],
      ['place', '湖滨南路100号'],
      ['place', '湖滨南路388号'],
      ['recent', '厦门市思明区湖滨南路与湖滨一路交叉口'],
    ]);
    expect(items[3]).toMatchObject({ id: null, kind: null, precision: 'address', district: '350203', lat: 24.478 });
  });

  it('a house number being typed already offers the numbers it begins', () => {
    expect(suggest('湖滨南路3', BASE, [], 3)[0]).toMatchObject({ id: 'ad-hbnl-388', precision: 'address' });
    expect(suggest('hbnl3', BASE, [], 3)[0]).toMatchObject({ id: 'ad-hbnl-388' });
  });

  it('keeps room for a recent address when places fill the list', () => {
    const items = suggest('湖滨南路', BASE, RECENT, 2);
    expect(items.map((m) => m.source)).toEqual(['place', 'recent']);
  });

  it('finds a recent address by an abbreviation too, and offers nothing for blank text', () => {
    expect(suggest('湖滨交叉口', BASE, RECENT, 5).map((m) => m.name)).toContain('厦门市思明区湖滨南路与湖滨一路交叉口');
    expect(suggest(' ，', BASE, RECENT, 5)).toEqual([]);
  });
});

describe('reading a house number', () => {
  it('takes the first number after a name', () => {
    expect(houseNumber('湖滨南路388号')).toEqual({ road: '湖滨南路', number: 388 });
    expect(houseNumber('湖滨南路388号3楼')).toEqual({ road: '湖滨南路', number: 388 });
    expect(houseNumber('hubinnanlu388hao')).toEqual({ road: 'hubinnanlu', number: 388 });
    expect(houseNumber('厦门北站')).toBeNull();
    expect(houseNumber('388号')).toBeNull();
    expect(normalise(' 湖滨南路３８８號 ')).toBe('湖滨南路388號');
  });
});
