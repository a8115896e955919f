import type { Random } from '../types.ts';

/**
 * Names and phone numbers as the platform shows them: volunteers' names
 * masked after the surname (林**), callers' phones masked in the middle
 * (138****5678). Surnames weighted towards southern Fujian's (陈, 林, 黄 …).
 */
const SURNAMES = '陈林黄张李王吴刘蔡杨郑许洪谢郭叶苏庄曾周柯施卢何徐胡邱肖曹朱';

export function surname(random: Random): string {
  // Skewed towards the first few: 陈 and 林 alone are about a fifth of Xiamen.
  const i = Math.floor(SURNAMES.length * random() ** 1.8);
  return SURNAMES[i]!;
}

export function maskedName(random: Random): string {
  return surname(random) + (random() < 0.8 ? '**' : '*');
}

const PREFIXES = ['138', '139', '135', '136', '137', '150', '151', '152', '158', '159', '186', '187', '188', '189', '177', '199'];

export function maskedPhone(random: Random): string {
  const p = PREFIXES[Math.floor(random() * PREFIXES.length)]!;
  return `${p}****${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
}

/** The simulated staff who act on incidents the city generates (not the demo-token operators). */
export const STAFF = {
  taker: ['接警员 黄敏', '接警员 苏婷', '接警员 郑凯', '接警员 曾雅琪'],
  hotline: ['话务员 许丽', '话务员 谢晨'],
  video: ['视频巡查员 柯宇', '视频巡查员 施琳'],
  grid: ['网格员 卢志强', '网格员 何秀英', '网格员 邱文'],
  cityMgmt: ['城管监督员 朱斌', '城管监督员 蔡晓东'],
  petition: ['信访接待员 周芳'],
  chief: ['值班长 陈', '值班长 吴建国'],
} as const;

export function staff(random: Random, group: keyof typeof STAFF): string {
  const list = STAFF[group];
  return list[Math.floor(random() * list.length)]!;
}
