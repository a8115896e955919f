/**
 * Deterministic, realistic Platform Link §8 data for the benchmarks: incidents
 * of ~600 bytes of JSON with Chinese titles, descriptions and addresses across
 * Xiamen's six districts, and cameras. The same (seed, index) always gives the
 * same entity, so the platform process and the bench process can both make it.
 */
import { OPEN_STATUSES } from '../native/api/rules.ts';
import { seededRandom, type Random } from '../native/common/random.ts';

export type Rng = Random;

/** The same generator as the demo city's and the detector's (mulberry32). */
export const rng = (seed: number): Rng => seededRandom(seed);

const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

interface DistrictInfo {
  code: string;
  zh: string;
  slug: string;
  roads: string[];
  streets: string[];
  places: string[];
  lat: number;
  lng: number;
}

export const DISTRICT_INFO: readonly DistrictInfo[] = [
  {
    code: '350203',
    zh: '思明区',
    slug: 'siming',
    lat: 24.4798,
    lng: 118.0894,
    roads: ['莲前西路', '湖滨南路', '厦禾路', '中山路', '鹭江道', '思明南路', '环岛路', '禾祥西路', '文屏路', '莲岳路'],
    streets: ['鹭江街道', '中华街道', '嘉莲街道', '莲前街道', '滨海街道', '梧村街道'],
    places: ['中山公园', '厦门大学', '曾厝垵', '沙坡尾', '万象城', '火车站', '轮渡码头', '白鹭洲公园'],
  },
  {
    code: '350205',
    zh: '海沧区',
    slug: 'haicang',
    lat: 24.4846,
    lng: 117.998,
    roads: ['海沧大道', '新阳路', '马青路', '沧林路', '翁角路', '钟林路', '滨湖北路'],
    streets: ['海沧街道', '新阳街道', '嵩屿街道', '东孚街道'],
    places: ['海沧湾公园', '天竺山', '海沧体育中心', '阿罗海城市广场', '嵩屿码头'],
  },
  {
    code: '350206',
    zh: '湖里区',
    slug: 'huli',
    lat: 24.5125,
    lng: 118.1464,
    roads: ['仙岳路', '枋湖路', '湖里大道', '安岭路', '金尚路', '五缘湾道', '吕岭路', '钟宅路', '江头北路'],
    streets: ['湖里街道', '殿前街道', '禾山街道', '江头街道', '金山街道'],
    places: ['五缘湾湿地公园', '高崎机场', '湖里万达广场', '忠仑公园', '邮轮码头', '江头菜市场'],
  },
  {
    code: '350211',
    zh: '集美区',
    slug: 'jimei',
    lat: 24.5759,
    lng: 118.0972,
    roads: ['集美大道', '杏林湾路', '银江路', '乐海路', '诚毅北大街', '杏滨路', '孙坂南路'],
    streets: ['集美街道', '侨英街道', '杏林街道', '杏滨街道', '灌口镇', '后溪镇'],
    places: ['集美学村', '园博苑', '诚毅广场', '杏林公园', '嘉庚体育馆', '集美新城'],
  },
  {
    code: '350212',
    zh: '同安区',
    slug: 'tongan',
    lat: 24.7229,
    lng: 118.1522,
    roads: ['同安大道', '环城南路', '西柯街', '滨海西大道', '银湖中路', '城南路', '祥平路'],
    streets: ['大同街道', '祥平街道', '西柯街道', '新民镇', '五显镇', '汀溪镇'],
    places: ['梵天寺', '同安影视城', '银湖公园', '丁溪湖', '北辰山', '同安老街'],
  },
  {
    code: '350213',
    zh: '翔安区',
    slug: 'xiangan',
    lat: 24.6186,
    lng: 118.2466,
    roads: ['翔安南路', '新店路', '洪钟大道', '民安大道', '翔安大道', '舫山南路', '鼓锣路'],
    streets: ['新店街道', '香山街道', '金海街道', '马巷街道', '内厝镇', '大嶝街道'],
    places: ['翔安隧道口', '香山公园', '大嶝岛', '翔安新机场', '马巷老街', '厦大翔安校区'],
  },
];

interface EventKind {
  category: string;
  source: readonly string[];
  /** Words that go into titles; also the FTS search terms. */
  words: readonly string[];
  details: readonly string[];
}

const EVENTS: readonly EventKind[] = [
  {
    category: 'traffic.collision',
    source: ['122', '110'],
    words: ['追尾', '碰撞', '交通事故', '剐蹭', '侧翻'],
    details: ['两车受损，暂无人员受伤', '一名骑手受轻伤，已呼叫120', '车辆占用两条车道，造成拥堵', '肇事车辆已驶离现场'],
  },
  {
    category: 'traffic.congestion',
    source: ['122', 'video'],
    words: ['拥堵', '车流缓慢', '信号灯故障'],
    details: ['早高峰车辆排队超过一公里', '路口信号灯全部熄灭', '施工占道导致通行缓慢'],
  },
  {
    category: 'fire.building',
    source: ['119', '110'],
    words: ['火灾', '冒烟', '起火', '烟雾报警'],
    details: ['三楼窗户有浓烟冒出', '厨房油锅起火，住户已撤离', '楼道电动车充电起火', '仓库内有明火'],
  },
  {
    category: 'rescue.elevator',
    source: ['119', '12345'],
    words: ['电梯困人', '电梯故障'],
    details: ['两名住户被困电梯内', '电梯停在两层之间，有老人被困', '物业暂未到场'],
  },
  {
    category: 'public_order.noise',
    source: ['110', '12345'],
    words: ['噪音扰民', '施工扰民', '广场舞噪音'],
    details: ['深夜装修噪音很大', '工地夜间违规施工', '音响声音过大影响休息'],
  },
  {
    category: 'public_order.fight',
    source: ['110'],
    words: ['打架斗殴', '聚众闹事', '纠纷'],
    details: ['多人在店门口争吵并推搡', '有人持棍棒，情绪激动', '双方已被劝开，仍在争执'],
  },
  {
    category: 'criminal.theft',
    source: ['110'],
    words: ['盗窃', '电动车被盗', '手机被偷', '入室盗窃'],
    details: ['报警人称停放的电动车被盗', '钱包和手机在公交车上被偷', '家中财物被翻动，门锁被撬'],
  },
  {
    category: 'criminal.fraud',
    source: ['110', '12345'],
    words: ['电信诈骗', '网络诈骗', '冒充客服'],
    details: ['报警人被冒充客服骗走两万元', '接到自称公安的电话要求转账', '网购退款被骗'],
  },
  {
    category: 'city_mgmt.vendor',
    source: ['city_mgmt', 'grid', '12345'],
    words: ['占道经营', '流动摊贩', '违章停车'],
    details: ['路边摊占用人行道', '车辆长期占用消防通道', '夜市摊位油烟扰民'],
  },
  {
    category: 'city_mgmt.facility',
    source: ['city_mgmt', 'grid', 'volunteer'],
    words: ['井盖缺失', '路灯损坏', '护栏倒伏', '路面塌陷'],
    details: ['人行道井盖缺失，存在安全隐患', '整条路段路灯不亮', '台风过后护栏倒伏'],
  },
  {
    category: 'environment.pollution',
    source: ['12345', 'grid'],
    words: ['油烟污染', '垃圾堆放', '污水排放', '异味'],
    details: ['餐馆油烟直排居民楼', '小区门口垃圾多日未清运', '河道有污水排入，气味刺鼻'],
  },
  {
    category: 'hazard.flood',
    source: ['12345', 'grid', 'video'],
    words: ['积水', '内涝', '漏水', '水管爆裂'],
    details: ['暴雨后路段积水约三十厘米', '地下车库进水', '主水管爆裂，路面冒水'],
  },
  {
    category: 'hazard.gas',
    source: ['119', '12345'],
    words: ['燃气泄漏', '煤气味'],
    details: ['楼道内闻到浓烈煤气味', '餐馆燃气管道泄漏'],
  },
  {
    category: 'rescue.missing',
    source: ['110', 'volunteer'],
    words: ['老人走失', '儿童走失'],
    details: ['一名八十岁老人早上出门未归', '孩子在商场与家长走散', '走失者穿蓝色外套'],
  },
  {
    category: 'dispute.neighbor',
    source: ['12345', 'grid'],
    words: ['邻里纠纷', '物业纠纷', '劳资纠纷'],
    details: ['楼上漏水与邻居发生争执', '业主与物业因停车费争吵', '工人讨要工资'],
  },
  {
    category: 'petition.housing',
    source: ['petition', '12345'],
    words: ['房屋质量', '拆迁补偿', '租房纠纷'],
    details: ['新房墙体开裂', '对补偿标准有异议', '房东拒不退还押金'],
  },
];

/** Every title word (the FTS search terms) and the roads and places in titles. */
export const TITLE_WORDS: readonly string[] = [
  ...EVENTS.flatMap((e) => e.words),
  ...DISTRICT_INFO.flatMap((d) => [...d.roads.slice(0, 3), ...d.places.slice(0, 2)]),
];

export const DISTRICT_CODES: readonly string[] = DISTRICT_INFO.map((d) => d.code);
export { OPEN_STATUSES };

/** A city's year of incidents: mostly closed, ~15 % still open. */
const STATUS_WEIGHTS: readonly [string, number][] = [
  ['new', 0.03],
  ['verified', 0.02],
  ['dispatched', 0.04],
  ['accepted', 0.02],
  ['on_scene', 0.04],
  ['resolved', 0.1],
  ['closed', 0.7],
  ['cancelled', 0.03],
  ['merged', 0.02],
];
const LEVEL_WEIGHTS: readonly [string, number][] = [
  ['community', 0.6],
  ['street', 0.28],
  ['district', 0.1],
  ['city', 0.02],
];
const PRIORITY_WEIGHTS: readonly [number, number][] = [
  [1, 0.05],
  [2, 0.2],
  [3, 0.5],
  [4, 0.25],
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '林', '郑'];

function weighted<T>(r: Rng, list: readonly [T, number][]): T {
  let x = r();
  for (const [v, w] of list) {
    if ((x -= w) < 0) return v;
  }
  return list[list.length - 1]![0];
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** `ms` as `2026-11-28T09:00:00+08:00` (Asia/Shanghai has no DST). */
export function cst(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}+08:00`;
}

const NOW = Date.parse('2026-11-28T01:00:00Z');
const TWO_YEARS = 2 * 365 * 24 * 3600_000;

/**
 * When incidents are reported. `scattered`: at random over two years — a
 * year's history loaded at once, and the worst case for every index on time.
 * `{ live: count }`: incident n of a live log of `count`, as a platform logs
 * them: each reported a little after the one before (about 4,000 a day, as in
 * DOMAIN.md), the last one now.
 */
export type IncidentTimes = 'scattered' | { live: number };
const LIVE_SPACING_MS = 21_000;

/** Incident number `n` of a set (ids `inc-<prefix>-<n>`), deterministic for (seed, n). */
export function makeIncident(n: number, prefix = 'b', seed = 7, times: IncidentTimes = 'scattered'): Record<string, unknown> {
  const r = rng(seed * 1_000_003 + n);
  const d = pick(r, DISTRICT_INFO);
  const ev = pick(r, EVENTS);
  const word = pick(r, ev.words);
  const road = pick(r, d.roads);
  const place = pick(r, d.places);
  const street = pick(r, d.streets);
  const status = weighted(r, STATUS_WEIGHTS);
  const source = pick(r, ev.source);
  const scattered = NOW - Math.floor(r() * TWO_YEARS);
  const reported = typeof times === 'object' ? NOW - (times.live - n) * LIVE_SPACING_MS : scattered;
  const updated = reported + Math.floor(r() * 6 * 3600_000);
  const open = (OPEN_STATUSES as readonly string[]).includes(status);
  const dispatched = status !== 'new' && status !== 'verified' && status !== 'cancelled' && status !== 'merged';
  const number = 1 + Math.floor(r() * 400);
  const address = `厦门市${d.zh}${street}${road}${number}号`;
  const title = r() < 0.5 ? `${road}${word}` : `${place}附近${word}`;
  const phone = `13${Math.floor(r() * 10)}****${pad(Math.floor(r() * 10000), 4)}`;
  const lineSource = source === '110' || source === '119' || source === '122' || source === '12345';
  return {
    id: `inc-${prefix}-${pad(n, 7)}`,
    rev: 1,
    source,
    category: ev.category,
    priority: weighted(r, PRIORITY_WEIGHTS),
    status,
    level: weighted(r, LEVEL_WEIGHTS),
    title,
    description: `报警人称${road}${place}附近${word}，${pick(r, ev.details)}。`,
    address,
    lat: +(d.lat + (r() - 0.5) * 0.08).toFixed(6),
    lng: +(d.lng + (r() - 0.5) * 0.08).toFixed(6),
    district: d.code,
    street,
    community: `${pick(r, ['金', '湖', '莲', '海', '园', '新', '祥', '东'])}${pick(r, ['山', '滨', '花', '湾', '安', '兴'])}社区`,
    departments: dispatched ? [`dept-${d.slug}-police`, ...(r() < 0.4 ? [`dept-${d.slug}-city-mgmt`] : [])] : [],
    volunteers: r() < 0.1 ? [`vol-${pad(Math.floor(r() * 20000), 5)}`] : [],
    caller: { name: `${pick(r, SURNAMES)}**`, phone },
    ...(lineSource ? { call: `call-${prefix}-${pad(n, 7)}` } : {}),
    reported_at: cst(reported),
    updated_at: cst(updated),
    ...(open ? { due_at: cst(reported + 24 * 3600_000) } : {}),
    ...(status === 'merged' ? { merged_into: `inc-${prefix}-${pad(Math.max(0, n - 1), 7)}` } : {}),
    attachments:
      r() < 0.2
        ? [
            {
              id: `att-${prefix}${pad(n, 7)}`,
              kind: 'photo',
              url: `https://files.brain.xm.gov/att/${prefix}${pad(n, 7)}.jpg`,
              mime: 'image/jpeg',
            },
          ]
        : [],
  };
}

export function makeCamera(n: number, seed = 11): Record<string, unknown> {
  const r = rng(seed * 1_000_003 + n);
  const d = pick(r, DISTRICT_INFO);
  const road = pick(r, d.roads);
  const id = `cam-${pad(n, 5)}`;
  return {
    id,
    rev: 1,
    name: `${road}${pick(r, ['与', '近'])}${pick(r, d.roads)}路口`,
    district: d.code,
    road,
    lat: +(d.lat + (r() - 0.5) * 0.08).toFixed(6),
    lng: +(d.lng + (r() - 0.5) * 0.08).toFixed(6),
    kind: pick(r, ['fixed', 'ptz', 'dome'] as const),
    status: r() < 0.95 ? 'online' : 'offline',
    streams: { main: `https://video.brain.xm.gov/hls/${id}/main.m3u8`, sub: `https://video.brain.xm.gov/hls/${id}/sub.m3u8` },
    tags: r() < 0.3 ? ['重点路口'] : [],
  };
}
