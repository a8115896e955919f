import type { DepartmentKind } from './departments.ts';

/**
 * What happens in the city, by source: category codes (spec §8 roots), how
 * often, how urgent, who handles it and what the title says. Weights are
 * relative within a source and follow what centres report: 110 is mostly
 * theft, disputes, fraud and traffic; 12345 mostly city management and
 * consumer complaints; 119 mostly fires and rescues.
 */

export type Source = '110' | '119' | '122' | '12345' | 'city_mgmt' | 'grid' | 'volunteer' | 'video' | 'petition';

export interface CategoryDef {
  code: string;
  weight: number;
  priority: 1 | 2 | 3 | 4;
  titles: readonly string[];
  departments: readonly DepartmentKind[];
  /** How likely several people call about the same event (fires, crashes are seen by many). */
  duplicateProne?: number;
  /** How likely the community finds it outside its remit and escalates. */
  escalates?: number;
  /** Near a main road (cameras watch it; crashes block the road). */
  onRoad?: boolean;
}

const C = (
  code: string,
  weight: number,
  priority: 1 | 2 | 3 | 4,
  departments: DepartmentKind[],
  titles: string[],
  extra: Partial<CategoryDef> = {},
): CategoryDef => ({ code, weight, priority, departments, titles, ...extra });

export const CATALOGUE: Record<Source, readonly CategoryDef[]> = {
  '110': [
    C('criminal.theft', 16, 2, ['police'], ['电动车被盗', '手机被盗', '入室盗窃', '店铺财物被盗']),
    C('criminal.fraud', 10, 2, ['police'], ['电信网络诈骗', '冒充客服诈骗', '刷单返利诈骗']),
    C('criminal.robbery', 2, 1, ['police'], ['抢夺财物', '持械抢劫'], { duplicateProne: 0.2 }),
    C('criminal.assault', 4, 1, ['police', 'health'], ['故意伤害', '持刀伤人'], { duplicateProne: 0.25 }),
    C('public_order.fight', 10, 1, ['police'], ['酒后打架斗殴', '多人聚集斗殴'], { duplicateProne: 0.3 }),
    C('public_order.noise', 8, 3, ['police', 'street_office'], ['深夜噪音扰民', 'KTV噪音扰民']),
    C('public_order.drunk', 4, 2, ['police'], ['醉酒滋事', '醉酒倒地']),
    C('dispute.neighbor', 10, 3, ['police', 'community'], ['邻里纠纷', '楼上漏水纠纷', '停车位纠纷'], { escalates: 0.1 }),
    C('dispute.family', 6, 2, ['police', 'community'], ['家庭纠纷', '家暴求助']),
    C('dispute.consumer', 4, 3, ['police'], ['消费纠纷', '出租车费纠纷']),
    C('traffic.collision', 12, 2, ['traffic_police'], ['两车追尾', '电动车与小车碰撞', '交通事故有人受伤'], {
      duplicateProne: 0.3,
      onRoad: true,
    }),
    C('rescue.medical', 4, 1, ['health', 'police'], ['路人晕倒', '老人摔倒求助']),
    C('other.lost_person', 4, 2, ['police'], ['老人走失', '儿童走失']),
    C('other.help', 6, 4, ['police'], ['钥匙锁车内求助', '问路求助', '物品遗失']),
  ],
  '119': [
    C('fire.building', 30, 1, ['fire', 'police'], ['居民楼起火', '厨房起火', '商铺起火'], { duplicateProne: 0.5 }),
    C('fire.vehicle', 12, 1, ['fire', 'traffic_police'], ['车辆自燃', '电动车充电起火'], { duplicateProne: 0.4, onRoad: true }),
    C('fire.outdoor', 14, 2, ['fire'], ['垃圾堆起火', '山林冒烟', '野外焚烧']),
    C('rescue.trapped', 20, 1, ['fire'], ['电梯困人', '人员被困', '门锁被困']),
    C('rescue.water', 6, 1, ['fire', 'police'], ['有人落水', '溺水求助'], { duplicateProne: 0.3 }),
    C('hazard.gas_leak', 10, 1, ['fire', 'construction'], ['燃气泄漏', '闻到煤气味']),
    C('rescue.animal', 8, 4, ['fire'], ['蛇入户', '马蜂窝']),
  ],
  '122': [
    C('traffic.collision', 45, 2, ['traffic_police'], ['两车追尾', '多车相撞', '电动车与小车碰撞'], { duplicateProne: 0.35, onRoad: true }),
    C('traffic.congestion', 20, 3, ['traffic_police'], ['道路严重拥堵', '路口拥堵'], { onRoad: true, duplicateProne: 0.3 }),
    C('traffic.illegal_parking', 20, 4, ['traffic_police'], ['违停堵路', '车辆堵住出口']),
    C('traffic.signal_fault', 8, 3, ['traffic_police', 'city_mgmt'], ['信号灯故障', '信号灯不亮'], { onRoad: true }),
    C('traffic.obstacle', 7, 2, ['traffic_police', 'city_mgmt'], ['路面遗撒', '货物掉落'], { onRoad: true }),
  ],
  '12345': [
    C('city_mgmt.garbage', 14, 4, ['city_mgmt', 'street_office'], ['垃圾未及时清运', '建筑垃圾乱倒']),
    C('city_mgmt.street_vendor', 10, 4, ['city_mgmt'], ['占道经营', '流动摊贩扰民']),
    C('city_mgmt.streetlight', 8, 4, ['city_mgmt'], ['路灯不亮', '路灯损坏']),
    C('city_mgmt.illegal_construction', 8, 3, ['city_mgmt', 'construction'], ['违章搭建', '楼顶加盖'], { escalates: 0.25 }),
    C('environment.noise', 12, 3, ['environment', 'city_mgmt'], ['夜间施工噪音', '工地噪音扰民']),
    C('environment.fumes', 8, 3, ['environment'], ['餐饮油烟扰民', '异味扰民']),
    C('environment.water', 4, 3, ['environment'], ['污水直排', '河道发臭'], { escalates: 0.3 }),
    C('dispute.consumer', 10, 4, ['street_office'], ['预付卡退费纠纷', '商品质量投诉']),
    C('dispute.labor', 8, 3, ['street_office'], ['拖欠工资', '劳资纠纷'], { escalates: 0.3 }),
    C('hazard.wall_crack', 4, 2, ['construction', 'street_office'], ['墙体开裂', '外墙瓷砖脱落'], { escalates: 0.5 }),
    C('hazard.tree', 5, 3, ['city_mgmt'], ['树木倒伏', '树枝断裂悬挂']),
    C('other.inquiry', 9, 4, ['other'], ['政策咨询', '办事咨询']),
  ],
  city_mgmt: [
    C('city_mgmt.garbage', 25, 4, ['city_mgmt'], ['垃圾满溢', '暴露垃圾']),
    C('city_mgmt.street_vendor', 20, 4, ['city_mgmt'], ['占道经营', '店外经营']),
    C('city_mgmt.advertising', 12, 4, ['city_mgmt'], ['违规广告牌', '乱张贴']),
    C('city_mgmt.streetlight', 10, 4, ['city_mgmt'], ['路灯损坏']),
    C('hazard.manhole', 15, 2, ['city_mgmt'], ['井盖缺失', '井盖破损'], { onRoad: true }),
    C('city_mgmt.illegal_construction', 10, 3, ['city_mgmt', 'construction'], ['违章搭建'], { escalates: 0.25 }),
    C('city_mgmt.road_damage', 8, 3, ['city_mgmt', 'construction'], ['路面塌陷', '人行道破损'], { escalates: 0.2 }),
  ],
  grid: [
    C('hazard.fire_risk', 22, 2, ['fire', 'community'], ['楼道堆放杂物', '电动车楼道充电', '飞线充电'], { escalates: 0.15 }),
    C('hazard.wall_crack', 8, 2, ['construction', 'community'], ['围墙开裂', '墙体裂缝'], { escalates: 0.5 }),
    C('dispute.neighbor', 18, 3, ['community'], ['邻里纠纷调解', '物业纠纷'], { escalates: 0.15 }),
    C('city_mgmt.garbage', 14, 4, ['community', 'city_mgmt'], ['垃圾分类不到位']),
    C('public_order.rental', 16, 3, ['community', 'police'], ['出租屋新入住登记', '群租房隐患']),
    C('other.update', 22, 4, ['community'], ['火灾隐患已整改', '新增租户已登记', '重点人员走访']),
  ],
  volunteer: [
    C('hazard.wall_crack', 14, 2, ['construction', 'community'], ['公园步道旁墙体开裂', '挡土墙裂缝'], { escalates: 0.5 }),
    C('hazard.fire_risk', 20, 2, ['fire', 'community'], ['消防通道被占', '电动车违规充电']),
    C('hazard.manhole', 10, 2, ['city_mgmt'], ['井盖缺失'], { onRoad: true }),
    C('hazard.tree', 10, 3, ['city_mgmt'], ['树枝断裂']),
    C('public_order.suspicious', 18, 2, ['police'], ['可疑人员徘徊', '可疑车辆']),
    C('city_mgmt.garbage', 16, 4, ['city_mgmt', 'community'], ['垃圾堆放']),
    C('traffic.illegal_parking', 12, 4, ['traffic_police'], ['占用盲道停车'], { onRoad: true }),
  ],
  video: [
    C('traffic.congestion', 35, 3, ['traffic_police'], ['视频发现路段拥堵', '路口车辆排队过长'], { onRoad: true }),
    C('traffic.collision', 25, 2, ['traffic_police'], ['视频发现交通事故'], { onRoad: true }),
    C('traffic.illegal_parking', 15, 4, ['traffic_police'], ['视频发现违停'], { onRoad: true }),
    C('public_order.gathering', 12, 2, ['police'], ['视频发现人员聚集']),
    C('fire.outdoor', 8, 2, ['fire'], ['视频发现冒烟']),
    C('city_mgmt.street_vendor', 5, 4, ['city_mgmt'], ['视频发现占道经营']),
  ],
  petition: [
    C('petition.housing', 30, 3, ['street_office', 'construction'], ['房屋征收补偿信访', '物业维修基金信访'], { escalates: 0.4 }),
    C('petition.labor', 30, 3, ['street_office'], ['欠薪信访'], { escalates: 0.3 }),
    C('petition.environment', 20, 3, ['environment'], ['环境污染信访'], { escalates: 0.3 }),
    C('petition.other', 20, 4, ['street_office'], ['综合信访事项']),
  ],
};

/** Calls a day at rate 1, by line (a few thousand a day in all). */
export const CALLS_PER_DAY: Record<'110' | '119' | '122' | '12345', number> = { '110': 1700, '119': 180, '122': 600, '12345': 1500 };

/** Share of answered calls that become (or join) an incident; the rest are advice, hang-ups, repeats. */
export const CALL_INCIDENT_SHARE: Record<'110' | '119' | '122' | '12345', number> = {
  '110': 0.38,
  '119': 0.55,
  '122': 0.35,
  '12345': 0.27,
};

/** Incidents a day at rate 1 from the sources that are not calls. */
export const OTHER_PER_DAY: Record<'city_mgmt' | 'grid' | 'volunteer' | 'video' | 'petition', number> = {
  city_mgmt: 260,
  grid: 220,
  volunteer: 150,
  video: 120,
  petition: 30,
};

export function pick<T extends { weight: number }>(items: readonly T[], u: number): T {
  const total = items.reduce((s, x) => s + x.weight, 0);
  let x = u * total;
  for (const item of items) {
    x -= item.weight;
    if (x < 0) return item;
  }
  return items[items.length - 1]!;
}
