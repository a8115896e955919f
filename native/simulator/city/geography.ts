import type { District } from '../../protocol/entities.ts';
import type { LatLng } from './geo.ts';

/**
 * Xiamen as the simulation knows it: districts, their streets (街道 and 镇,
 * real names), communities (社区, generated), and the main roads with rough
 * WGS84 lines. Street anchors are approximate centres; points are sampled
 * around them inside the district polygon (district-map.ts).
 *
 * `weight` sizes each district's share of activity: Siming and Huli, the
 * dense island districts, carry the most, as their population and traffic do.
 */

export interface DistrictInfo {
  code: District;
  name: string;
  slug: string;
  weight: number;
}

export const DISTRICT_LIST: readonly DistrictInfo[] = [
  { code: '350203', name: '思明区', slug: 'siming', weight: 0.27 },
  { code: '350206', name: '湖里区', slug: 'huli', weight: 0.24 },
  { code: '350211', name: '集美区', slug: 'jimei', weight: 0.15 },
  { code: '350205', name: '海沧区', slug: 'haicang', weight: 0.11 },
  { code: '350212', name: '同安区', slug: 'tongan', weight: 0.12 },
  { code: '350213', name: '翔安区', slug: 'xiangan', weight: 0.11 },
];

export function districtInfo(code: District): DistrictInfo {
  return DISTRICT_LIST.find((d) => d.code === code)!;
}

export interface Street {
  id: string;
  name: string;
  district: District;
  anchor: LatLng;
  communities: string[];
}

/** [district, name, lat, lng] — real 街道/镇 of each district, approximate centres. */
const STREET_TABLE: readonly [District, string, number, number][] = [
  ['350203', '中华街道', 24.4585, 118.0835],
  ['350203', '鹭江街道', 24.453, 118.08],
  ['350203', '厦港街道', 24.446, 118.093],
  ['350203', '滨海街道', 24.442, 118.13],
  ['350203', '嘉莲街道', 24.485, 118.122],
  ['350203', '梧村街道', 24.47, 118.115],
  ['350203', '筼筜街道', 24.483, 118.102],
  ['350203', '莲前街道', 24.477, 118.155],
  ['350203', '开元街道', 24.467, 118.095],
  ['350203', '鼓浪屿街道', 24.448, 118.065],
  ['350206', '湖里街道', 24.513, 118.108],
  ['350206', '殿前街道', 24.53, 118.115],
  ['350206', '禾山街道', 24.513, 118.16],
  ['350206', '江头街道', 24.501, 118.135],
  ['350206', '金山街道', 24.502, 118.175],
  ['350205', '海沧街道', 24.475, 118.03],
  ['350205', '新阳街道', 24.52, 118.04],
  ['350205', '嵩屿街道', 24.46, 118.05],
  ['350205', '东孚街道', 24.56, 117.98],
  ['350211', '集美街道', 24.58, 118.1],
  ['350211', '侨英街道', 24.6, 118.105],
  ['350211', '杏林街道', 24.56, 118.055],
  ['350211', '杏滨街道', 24.59, 118.045],
  ['350211', '灌口镇', 24.61, 117.995],
  ['350211', '后溪镇', 24.64, 118.06],
  ['350212', '大同街道', 24.73, 118.15],
  ['350212', '祥平街道', 24.715, 118.13],
  ['350212', '西柯街道', 24.68, 118.16],
  ['350212', '新民街道', 24.69, 118.11],
  ['350212', '五显镇', 24.77, 118.11],
  ['350212', '洪塘镇', 24.7, 118.19],
  ['350212', '汀溪镇', 24.8, 118.14],
  ['350212', '莲花镇', 24.77, 118.06],
  ['350213', '新店街道', 24.62, 118.25],
  ['350213', '马巷街道', 24.66, 118.24],
  ['350213', '内厝镇', 24.68, 118.3],
  ['350213', '新圩镇', 24.73, 118.27],
  ['350213', '大嶝街道', 24.56, 118.34],
  ['350213', '金海街道', 24.6, 118.275],
  ['350213', '民安街道', 24.63, 118.23],
];

/** Syllables for community names; real Xiamen communities are named like this (莲花, 前埔, 枋湖 …). */
// prettier-ignore
const COMMUNITY_NAMES = [
  '莲花', '前埔', '枋湖', '金山', '湖滨', '文灶', '禾祥', '东渡', '塘边', '吕厝', '钟宅', '高林', '蔡塘', '安兜', '园山',
  '云顶', '兴隆', '马垅', '县后', '坂尚', '浦园', '禾盛', '宁宝', '金尚', '松柏', '后坑', '乌石浦', '穆厝', '何厝', '岭兜',
  '曾厝垵', '黄厝', '明发', '西林', '东芳', '凤凰', '振兴', '海滨', '福海', '和安', '新村', '龙山', '仙岳', '洪莲', '石亭',
  '双涵', '古楼', '鹭聚', '溪岸', '营平', '大同', '碧山', '三秀', '凤山', '城东', '桥头', '西洲', '丙洲', '霞路', '祥露',
  '锦园', '新垵', '霞阳', '东屿', '海虹', '温厝', '囷瑶', '滨湖', '嘉庚', '浔江', '孙厝', '杏东', '内林', '锦亭', '董任',
  '田头', '新店', '巷南', '巷北', '后村', '鸿渐', '大宅', '蔡厝', '山亭', '双沪', '珩厝', '澳头', '欧厝', '琼头', '莲河',
];

function buildStreets(): Street[] {
  let next = 0;
  return STREET_TABLE.map(([district, name, lat, lng], i) => {
    // Four to six communities a street, names dealt from the list in order so
    // every run (and every seed) has the same map.
    const n = 4 + (i % 3);
    const communities: string[] = [];
    for (let k = 0; k < n; k++) {
      const base = COMMUNITY_NAMES[next % COMMUNITY_NAMES.length]!;
      const round = Math.floor(next / COMMUNITY_NAMES.length);
      communities.push(`${round ? (['新', '东', '西', '南', '北'][round - 1] ?? String(round)) : ''}${base}社区`);
      next += 1;
    }
    return { id: `st-${district}-${String(i).padStart(2, '0')}`, name, district, anchor: [lat, lng], communities };
  });
}

export const STREETS: readonly Street[] = buildStreets();

export function streetsOf(code: District): Street[] {
  return STREETS.filter((s) => s.district === code);
}

export interface MainRoad {
  id: string;
  name: string;
  /** The district the platform files the road under (its larger part). */
  district: District;
  /** Free-flow speed. */
  limitKmh: number;
  /** How hard peaks hit it: bridges and tunnels into the island jam first. */
  peakSensitivity: number;
  line: LatLng[];
}

/** Main roads, approximate WGS84 lines (a few kilometres of accuracy is not the point; shape is). */
// prettier-ignore
export const MAIN_ROADS: readonly MainRoad[] = [
  { id: 'road-chenggong', name: '成功大道', district: '350203', limitKmh: 80, peakSensitivity: 1.0,
    line: [[24.548, 118.124], [24.525, 118.128], [24.505, 118.126], [24.488, 118.119], [24.47, 118.11], [24.458, 118.1]] },
  { id: 'road-xianyue', name: '仙岳路', district: '350206', limitKmh: 70, peakSensitivity: 1.0,
    line: [[24.496, 118.085], [24.499, 118.105], [24.502, 118.125], [24.504, 118.145], [24.505, 118.17], [24.5, 118.188]] },
  { id: 'road-hubin-s', name: '湖滨南路', district: '350203', limitKmh: 50, peakSensitivity: 0.9,
    line: [[24.47, 118.088], [24.472, 118.1], [24.475, 118.115], [24.478, 118.132]] },
  { id: 'road-huandao', name: '环岛路', district: '350203', limitKmh: 60, peakSensitivity: 0.5,
    line: [[24.441, 118.098], [24.434, 118.118], [24.434, 118.145], [24.446, 118.175], [24.468, 118.19], [24.495, 118.196]] },
  { id: 'road-jiahe', name: '嘉禾路', district: '350206', limitKmh: 60, peakSensitivity: 0.95,
    line: [[24.548, 118.11], [24.525, 118.112], [24.5, 118.111], [24.48, 118.106], [24.466, 118.097]] },
  { id: 'road-lianqian', name: '莲前大道', district: '350203', limitKmh: 60, peakSensitivity: 0.85,
    line: [[24.478, 118.122], [24.481, 118.145], [24.486, 118.17], [24.49, 118.19]] },
  { id: 'road-lvling', name: '吕岭路', district: '350206', limitKmh: 60, peakSensitivity: 0.8,
    line: [[24.494, 118.15], [24.5, 118.165], [24.506, 118.182]] },
  { id: 'road-jinshang', name: '金尚路', district: '350206', limitKmh: 60, peakSensitivity: 0.8,
    line: [[24.482, 118.158], [24.498, 118.161], [24.515, 118.164], [24.528, 118.168]] },
  { id: 'road-xiamen-bridge', name: '厦门大桥', district: '350206', limitKmh: 80, peakSensitivity: 1.2,
    line: [[24.552, 118.118], [24.566, 118.114], [24.582, 118.109]] },
  { id: 'road-haicang-bridge', name: '海沧大桥', district: '350205', limitKmh: 80, peakSensitivity: 1.2,
    line: [[24.496, 118.082], [24.494, 118.066], [24.491, 118.048]] },
  { id: 'road-haicang-ave', name: '海沧大道', district: '350205', limitKmh: 70, peakSensitivity: 0.7,
    line: [[24.452, 118.052], [24.47, 118.04], [24.49, 118.03], [24.51, 118.028]] },
  { id: 'road-jimei-ave', name: '集美大道', district: '350211', limitKmh: 70, peakSensitivity: 0.8,
    line: [[24.588, 118.106], [24.605, 118.092], [24.622, 118.076], [24.636, 118.058]] },
  { id: 'road-xinglin-bay', name: '杏林湾路', district: '350211', limitKmh: 60, peakSensitivity: 0.6,
    line: [[24.57, 118.058], [24.588, 118.072], [24.604, 118.09]] },
  { id: 'road-tongji', name: '同集路', district: '350212', limitKmh: 70, peakSensitivity: 0.7,
    line: [[24.6, 118.112], [24.635, 118.124], [24.672, 118.136], [24.712, 118.146]] },
  { id: 'road-tongan-ring', name: '环城南路', district: '350212', limitKmh: 50, peakSensitivity: 0.6,
    line: [[24.722, 118.132], [24.72, 118.15], [24.726, 118.168]] },
  { id: 'road-xiangan-tunnel', name: '翔安隧道', district: '350213', limitKmh: 80, peakSensitivity: 1.2,
    line: [[24.503, 118.192], [24.52, 118.22], [24.54, 118.242]] },
  { id: 'road-xiangan-ave', name: '翔安大道', district: '350213', limitKmh: 80, peakSensitivity: 0.7,
    line: [[24.545, 118.246], [24.578, 118.258], [24.615, 118.262], [24.652, 118.252]] },
];
