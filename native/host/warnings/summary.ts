import { DISTRICTS, isDistrictCode } from '../../api/rules.ts';
import type { Warning, WarningKind } from '../../api/contract.ts';

/** What each kind found, as the platform's operators read it in a marker note (Chinese, like the platform). */
const KIND_ZH: { readonly [K in WarningKind]: string } = {
  cluster: '警情时空聚集',
  surge: '来电量异常',
  repeat_caller: '同一来电人重复报警',
  repeat_address: '同一地址重复报警',
  reopened: '警情办结后重开',
  overdue: '超期警情积压',
};

/**
 * The one-line summary in a marker note's human text (`【预警已确认】<summary>：<note>`):
 * where, what, how many — e.g. `思明区 警情时空聚集（criminal.theft，4 起）`.
 * The marker's JSON line carries the rest for consoles.
 */
export function warningSummary(w: Pick<Warning, 'kind' | 'district' | 'street' | 'family' | 'line' | 'observed'>): string {
  const where = [w.district && isDistrictCode(w.district) ? DISTRICTS[w.district].zh : w.district, w.street].filter(Boolean).join('');
  const unit = w.kind === 'surge' ? '个来电' : '起';
  const about = [w.family, w.line ? `${w.line} 线` : null, `${w.observed} ${unit}`].filter(Boolean).join('，');
  return `${where ? `${where} ` : ''}${KIND_ZH[w.kind]}（${about}）`;
}
