import type { District } from '../../protocol/entities.ts';
import type { LatLng } from './geo.ts';

/**
 * The hand-made tables behind the address base (address-base.ts): where each
 * district government sits, the roads besides the main ones, and the
 * landmarks people name instead of an address. Real names, approximate WGS84
 * coordinates (a few hundred metres off is fine: the demo needs a believable
 * city, not a survey). address-base.test.ts checks that every point lies in
 * the district it is filed under.
 */

export interface DistrictSeat {
  /** The district government (区人民政府): the district place's point, and its units' stations around it. */
  seat: LatLng;
  aliases: string[];
}

export const DISTRICT_SEATS: Readonly<Record<District, DistrictSeat>> = {
  '350203': { seat: [24.4688, 118.1005], aliases: ['思明', 'Siming'] },
  '350205': { seat: [24.4853, 118.0332], aliases: ['海沧', 'Haicang'] },
  '350206': { seat: [24.5128, 118.1462], aliases: ['湖里', 'Huli'] },
  '350211': { seat: [24.5762, 118.0968], aliases: ['集美', 'Jimei'] },
  '350212': { seat: [24.7232, 118.1522], aliases: ['同安', 'Tongan', "Tong'an"] },
  '350213': { seat: [24.6182, 118.2462], aliases: ['翔安', 'Xiangan', "Xiang'an"] },
};

export interface RoadEntry {
  id: string;
  name: string;
  /** The district the road is filed under (its larger part). */
  district: District;
  line: LatLng[];
  /** Other names people use for it, besides the automatic short form (湖滨南路 → 湖滨南). */
  aliases?: string[];
}

/** Roads besides MAIN_ROADS (geography.ts), which carry traffic; these carry only addresses. */
// prettier-ignore
export const MORE_ROADS: readonly RoadEntry[] = [
  // Siming: the old town by the ferry, the lake, the university, the east.
  { id: 'zhongshan', name: '中山路', district: '350203', line: [[24.4562, 118.0728], [24.4564, 118.0785], [24.4566, 118.0838]] },
  { id: 'lujiang', name: '鹭江道', district: '350203', line: [[24.4495, 118.0752], [24.4565, 118.0730], [24.4640, 118.0765], [24.4700, 118.0800]] },
  { id: 'xiahe', name: '厦禾路', district: '350203', line: [[24.4622, 118.0835], [24.4652, 118.0950], [24.4672, 118.1050], [24.4686, 118.1130]] },
  { id: 'siming-s', name: '思明南路', district: '350203', line: [[24.4560, 118.0845], [24.4480, 118.0900], [24.4400, 118.0960]] },
  { id: 'siming-n', name: '思明北路', district: '350203', line: [[24.4570, 118.0848], [24.4650, 118.0858], [24.4720, 118.0872]] },
  { id: 'kaiyuan', name: '开元路', district: '350203', line: [[24.4625, 118.0775], [24.4622, 118.0832]] },
  { id: 'datong', name: '大同路', district: '350203', line: [[24.4598, 118.0772], [24.4596, 118.0848]] },
  { id: 'zhenhai', name: '镇海路', district: '350203', line: [[24.4580, 118.0812], [24.4578, 118.0872]] },
  { id: 'hubin-n', name: '湖滨北路', district: '350203', line: [[24.4868, 118.0900], [24.4880, 118.1000], [24.4872, 118.1120]] },
  { id: 'hubin-c', name: '湖滨中路', district: '350203', line: [[24.4748, 118.1098], [24.4810, 118.1110], [24.4880, 118.1125]] },
  { id: 'hubin-e', name: '湖滨东路', district: '350203', line: [[24.4770, 118.1180], [24.4850, 118.1205], [24.4930, 118.1225]] },
  { id: 'hubin-w', name: '湖滨西路', district: '350203', line: [[24.4740, 118.0890], [24.4800, 118.0885], [24.4850, 118.0890]] },
  { id: 'hexiang-w', name: '禾祥西路', district: '350203', line: [[24.4718, 118.0880], [24.4735, 118.0960]] },
  { id: 'hexiang-e', name: '禾祥东路', district: '350203', line: [[24.4735, 118.0960], [24.4755, 118.1080]] },
  { id: 'bailuzhou', name: '白鹭洲路', district: '350203', line: [[24.4775, 118.0905], [24.4785, 118.1020]] },
  { id: 'wenyuan', name: '文园路', district: '350203', line: [[24.4610, 118.0950], [24.4680, 118.0985]] },
  { id: 'jinbang', name: '金榜路', district: '350203', line: [[24.4665, 118.1045], [24.4735, 118.1085]] },
  { id: 'tiyu', name: '体育路', district: '350203', line: [[24.4855, 118.1050], [24.4920, 118.1110]] },
  { id: 'yanwu', name: '演武路', district: '350203', line: [[24.4410, 118.0880], [24.4400, 118.0960]] },
  { id: 'daxue', name: '大学路', district: '350203', line: [[24.4450, 118.0860], [24.4420, 118.0920]] },
  { id: 'lianyue', name: '莲岳路', district: '350203', line: [[24.4830, 118.1260], [24.4900, 118.1320], [24.4960, 118.1370]] },
  { id: 'qianpu', name: '前埔路', district: '350203', line: [[24.4720, 118.1740], [24.4800, 118.1760], [24.4870, 118.1780]] },
  { id: 'yunding-c', name: '云顶中路', district: '350203', line: [[24.4800, 118.1700], [24.4880, 118.1710], [24.4960, 118.1720]] },
  { id: 'guanri', name: '观日路', district: '350203', line: [[24.4880, 118.1790], [24.4920, 118.1850]] },
  { id: 'huizhan', name: '会展路', district: '350203', line: [[24.4700, 118.1880], [24.4780, 118.1910]] },
  { id: 'zengcuoan', name: '曾厝垵路', district: '350203', line: [[24.4370, 118.1180], [24.4385, 118.1280]] },
  { id: 'gulangyu-longtou', name: '龙头路', district: '350203', line: [[24.4478, 118.0665], [24.4490, 118.0695]] },
  // Huli: the airport, the old industrial west, the new towns round Wuyuan Bay.
  { id: 'huli-ave', name: '湖里大道', district: '350206', line: [[24.5120, 118.0950], [24.5125, 118.1100], [24.5110, 118.1250]] },
  { id: 'dongdu', name: '东渡路', district: '350206', line: [[24.4820, 118.0800], [24.4900, 118.0815], [24.4980, 118.0835]] },
  { id: 'haitian', name: '海天路', district: '350206', line: [[24.4990, 118.0880], [24.5060, 118.0900], [24.5120, 118.0925]] },
  { id: 'huarong', name: '华荣路', district: '350206', line: [[24.5060, 118.1040], [24.5150, 118.1060]] },
  { id: 'xinglong', name: '兴隆路', district: '350206', line: [[24.5175, 118.1120], [24.5190, 118.1250]] },
  { id: 'jiangtou-n', name: '江头北路', district: '350206', line: [[24.5020, 118.1300], [24.5100, 118.1340]] },
  { id: 'jinhu', name: '金湖路', district: '350206', line: [[24.5080, 118.1440], [24.5090, 118.1600]] },
  { id: 'anling', name: '安岭路', district: '350206', line: [[24.5190, 118.1400], [24.5225, 118.1550]] },
  { id: 'fanghu-n2', name: '枋湖北二路', district: '350206', line: [[24.5150, 118.1450], [24.5210, 118.1560]] },
  { id: 'fangzhong', name: '枋钟路', district: '350206', line: [[24.5120, 118.1620], [24.5250, 118.1650]] },
  { id: 'zhongzhai', name: '钟宅路', district: '350206', line: [[24.5270, 118.1630], [24.5350, 118.1720]] },
  { id: 'wuyuanwan', name: '五缘湾道', district: '350206', line: [[24.5180, 118.1700], [24.5260, 118.1790]] },
  { id: 'yunding-n', name: '云顶北路', district: '350206', line: [[24.5020, 118.1735], [24.5120, 118.1760]] },
  { id: 'xiangyun-1', name: '翔云一路', district: '350206', line: [[24.5330, 118.1160], [24.5400, 118.1200]] },
  // Jimei: the school village, the new town round Xinglin Bay, Guankou.
  { id: 'yinjiang', name: '银江路', district: '350211', line: [[24.5810, 118.0950], [24.5850, 118.1050]] },
  { id: 'jiyuan', name: '集源路', district: '350211', line: [[24.5900, 118.0980], [24.5970, 118.1030]] },
  { id: 'chengyi', name: '诚毅大街', district: '350211', line: [[24.5930, 118.0850], [24.6010, 118.0900]] },
  { id: 'xinglin-n', name: '杏林北路', district: '350211', line: [[24.5650, 118.0450], [24.5730, 118.0520]] },
  { id: 'guankou-ave', name: '灌口大道', district: '350211', line: [[24.6050, 117.9900], [24.6100, 118.0050]] },
  { id: 'tianma', name: '天马路', district: '350211', line: [[24.6000, 118.0500], [24.6150, 118.0620]] },
  // Haicang: the lake, the port, the hills to the west.
  { id: 'binhu-n', name: '滨湖北路', district: '350205', line: [[24.4870, 118.0220], [24.4885, 118.0380]] },
  { id: 'jiaosong', name: '角嵩路', district: '350205', line: [[24.4700, 118.0430], [24.4780, 118.0550]] },
  { id: 'wengjiao', name: '翁角路', district: '350205', line: [[24.4960, 118.0050], [24.5020, 118.0280]] },
  { id: 'xinyang-ave', name: '新阳大道', district: '350205', line: [[24.5150, 118.0200], [24.5220, 118.0420]] },
  { id: 'maqing', name: '马青路', district: '350205', line: [[24.5250, 117.9950], [24.5320, 118.0350]] },
  { id: 'dongfu-ave', name: '东孚大道', district: '350205', line: [[24.5520, 117.9650], [24.5620, 117.9950]] },
  // Tong'an: the old town inside its ring road.
  { id: 'tongan-ring-n', name: '环城北路', district: '350212', line: [[24.7380, 118.1400], [24.7400, 118.1600]] },
  { id: 'yinhu-c', name: '银湖中路', district: '350212', line: [[24.7050, 118.1450], [24.7150, 118.1530]] },
  { id: 'xiangping', name: '祥平路', district: '350212', line: [[24.7100, 118.1250], [24.7180, 118.1350]] },
  { id: 'meixi', name: '美溪道', district: '350212', line: [[24.7120, 118.1600], [24.7200, 118.1750]] },
  { id: 'binhai-w', name: '滨海西大道', district: '350212', line: [[24.6550, 118.1350], [24.6650, 118.1600]] },
  // Xiang'an: Xindian's new town, Maxiang, Dadeng.
  { id: 'xiangan-s', name: '翔安南路', district: '350213', line: [[24.6000, 118.2450], [24.6150, 118.2500]] },
  { id: 'minan-ave', name: '民安大道', district: '350213', line: [[24.6200, 118.2250], [24.6380, 118.2350]] },
  { id: 'fangshan-s', name: '舫山南路', district: '350213', line: [[24.6500, 118.2300], [24.6650, 118.2400]] },
  { id: 'xiangan-w', name: '翔安西路', district: '350213', line: [[24.6250, 118.2150], [24.6450, 118.2200]] },
  { id: 'dadeng-ave', name: '大嶝大道', district: '350213', line: [[24.5550, 118.3300], [24.5620, 118.3480]] },
];

/** Real abbreviations of main roads beyond the automatic short form. */
export const ROAD_ALIASES: Readonly<Record<string, string[]>> = {
  成功大道: ['成功'],
  环岛路: ['环岛', '环岛干道'],
  莲前大道: ['莲前西路', '莲前东路'],
  鹭江道: ['鹭江'],
};

export interface Landmark {
  id: string;
  name: string;
  district: District;
  at: LatLng;
  aliases: string[];
}

/** Landmarks (poi): what a caller names instead of an address. */
// prettier-ignore
export const LANDMARKS: readonly Landmark[] = [
  // Transport
  { id: 'xiamen-station', name: '厦门站', district: '350203', at: [24.4685, 118.1143], aliases: ['火车站', '厦门火车站', '梧村火车站'] },
  { id: 'xiamen-north', name: '厦门北站', district: '350211', at: [24.6355, 118.0786], aliases: ['北站', '厦门高铁北站'] },
  { id: 'gaoqi-airport', name: '厦门高崎国际机场', district: '350206', at: [24.5439, 118.1275], aliases: ['高崎国际机场', '厦门机场', '高崎机场', '机场'] },
  { id: 'ferry', name: '轮渡码头', district: '350203', at: [24.4565, 118.0728], aliases: ['鼓浪屿轮渡', '轮渡', '鼓浪屿码头', '厦门轮渡码头'] },
  { id: 'cruise-centre', name: '厦门国际邮轮中心', district: '350206', at: [24.4890, 118.0785], aliases: ['邮轮中心', '东渡邮轮中心', '厦鼓码头'] },
  { id: 'songyu-pier', name: '嵩屿码头', district: '350205', at: [24.4580, 118.0500], aliases: ['嵩屿客运码头'] },
  { id: 'wucun-bus', name: '梧村汽车站', district: '350203', at: [24.4700, 118.1115], aliases: ['梧村车站', '厦门长途汽车站'] },
  { id: 'fanghu-bus', name: '枋湖客运中心', district: '350206', at: [24.5125, 118.1540], aliases: ['枋湖汽车站', '枋湖车站'] },
  // Hospitals
  { id: 'first-hospital', name: '厦门市第一医院', district: '350203', at: [24.4575, 118.0815], aliases: ['第一医院', '厦大附属第一医院', '一院'] },
  { id: 'zhongshan-hospital', name: '厦门大学附属中山医院', district: '350203', at: [24.4725, 118.0960], aliases: ['中山医院', '厦门中山医院'] },
  { id: 'tcm-hospital', name: '厦门市中医院', district: '350206', at: [24.5030, 118.1470], aliases: ['市中医院', '中医院'] },
  { id: 'children-hospital', name: '厦门市儿童医院', district: '350206', at: [24.5120, 118.1800], aliases: ['儿童医院'] },
  { id: 'second-hospital', name: '厦门市第二医院', district: '350211', at: [24.5990, 118.0960], aliases: ['第二医院', '二院'] },
  { id: 'third-hospital', name: '厦门市第三医院', district: '350212', at: [24.7270, 118.1560], aliases: ['第三医院', '三院'] },
  { id: 'fifth-hospital', name: '厦门市第五医院', district: '350213', at: [24.6410, 118.2450], aliases: ['第五医院', '五院'] },
  { id: 'chang-gung', name: '厦门长庚医院', district: '350205', at: [24.5120, 118.0400], aliases: ['长庚医院'] },
  // Schools
  { id: 'xmu', name: '厦门大学', district: '350203', at: [24.4385, 118.0960], aliases: ['厦大', '厦门大学思明校区'] },
  { id: 'xmu-xiangan', name: '厦门大学翔安校区', district: '350213', at: [24.6080, 118.3080], aliases: ['厦大翔安校区', '翔安校区'] },
  { id: 'jmu', name: '集美大学', district: '350211', at: [24.5830, 118.1010], aliases: ['集大'] },
  { id: 'jimei-village', name: '集美学村', district: '350211', at: [24.5775, 118.1020], aliases: ['学村'] },
  { id: 'xmut', name: '厦门理工学院', district: '350211', at: [24.6210, 118.0860], aliases: ['厦门理工', '理工学院'] },
  { id: 'hqu', name: '华侨大学厦门校区', district: '350211', at: [24.6010, 118.0850], aliases: ['华侨大学', '华大'] },
  { id: 'xiamen-no1', name: '厦门第一中学', district: '350203', at: [24.4620, 118.0920], aliases: ['厦门一中', '一中'] },
  // Shopping, parks, sights
  { id: 'zhongshan-walk', name: '中山路步行街', district: '350203', at: [24.4560, 118.0800], aliases: ['中山路商业街'] },
  { id: 'sm', name: 'SM城市广场', district: '350206', at: [24.5035, 118.1140], aliases: ['SM', 'SM广场', '嘉禾路SM'] },
  { id: 'mixc', name: '厦门万象城', district: '350203', at: [24.4790, 118.1210], aliases: ['万象城'] },
  { id: 'huli-wanda', name: '湖里万达广场', district: '350206', at: [24.5100, 118.1790], aliases: ['湖里万达'] },
  { id: 'expo', name: '厦门国际会展中心', district: '350203', at: [24.4725, 118.1935], aliases: ['会展中心', '国际会展中心'] },
  { id: 'wuyuan-bay', name: '五缘湾', district: '350206', at: [24.5245, 118.1760], aliases: ['五缘湾湿地公园'] },
  { id: 'gulangyu', name: '鼓浪屿', district: '350203', at: [24.4472, 118.0665], aliases: ['鼓浪屿风景区', '琴岛'] },
  { id: 'nanputuo', name: '南普陀寺', district: '350203', at: [24.4421, 118.0957], aliases: ['南普陀'] },
  { id: 'hulishan', name: '胡里山炮台', district: '350203', at: [24.4308, 118.1093], aliases: ['胡里山'] },
  { id: 'zengcuoan', name: '曾厝垵', district: '350203', at: [24.4340, 118.1230], aliases: ['曾厝垵文创村'] },
  { id: 'shapowei', name: '沙坡尾', district: '350203', at: [24.4460, 118.0880], aliases: ['沙坡尾艺术西区'] },
  { id: 'botanical', name: '厦门园林植物园', district: '350203', at: [24.4520, 118.1030], aliases: ['植物园', '万石山', '万石植物园'] },
  { id: 'zhongshan-park', name: '中山公园', district: '350203', at: [24.4600, 118.0905], aliases: [] },
  { id: 'bailuzhou-park', name: '白鹭洲公园', district: '350203', at: [24.4785, 118.0925], aliases: ['白鹭洲'] },
  { id: 'city-hall', name: '厦门市人民政府', district: '350203', at: [24.4795, 118.0845], aliases: ['市政府'] },
  { id: 'sports-centre', name: '厦门体育中心', district: '350203', at: [24.4895, 118.1080], aliases: ['体育中心'] },
  { id: 'software-park-2', name: '厦门软件园二期', district: '350203', at: [24.4900, 118.1820], aliases: ['软件园二期', '软二'] },
  { id: 'huli-park', name: '湖里公园', district: '350206', at: [24.5110, 118.1215], aliases: [] },
  { id: 'expo-garden', name: '厦门园林博览苑', district: '350211', at: [24.5805, 118.0705], aliases: ['园博苑'] },
  { id: 'haicang-bay-park', name: '海沧湾公园', district: '350205', at: [24.4830, 118.0400], aliases: [] },
  { id: 'tianzhushan', name: '天竺山森林公园', district: '350205', at: [24.5730, 117.9740], aliases: ['天竺山'] },
  { id: 'fantian', name: '梵天寺', district: '350212', at: [24.7490, 118.1560], aliases: [] },
  { id: 'beichenshan', name: '北辰山', district: '350212', at: [24.7700, 118.1800], aliases: ['北辰山风景区'] },
  { id: 'susong-park', name: '苏颂公园', district: '350212', at: [24.7300, 118.1530], aliases: [] },
  { id: 'xiangshan', name: '香山风景区', district: '350213', at: [24.6100, 118.2800], aliases: ['香山'] },
  { id: 'dadeng-town', name: '大嶝小镇', district: '350213', at: [24.5570, 118.3380], aliases: ['大嶝对台小额商品交易市场'] },
];

/** Stations of the city-level units (spec §8 v1.1 `Department.lat/lng`): all in Siming, round the city hall and the lake. */
// prettier-ignore
export const CITY_STATIONS: Readonly<Record<string, LatLng>> = {
  'dept-city-command': [24.4800, 118.0920],
  'dept-city-police': [24.4835, 118.1005],
  'dept-city-traffic-police': [24.4760, 118.1215],
  'dept-city-fire': [24.4860, 118.1045],
  'dept-city-health': [24.4810, 118.0955],
  'dept-city-120': [24.4722, 118.1075],
  'dept-city-city-mgmt': [24.4790, 118.0990],
  'dept-city-construction': [24.4798, 118.0935],
  'dept-city-environment': [24.4806, 118.0965],
  'dept-city-12345': [24.4802, 118.0928],
};
