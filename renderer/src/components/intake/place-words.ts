import { useI18n } from 'vue-i18n';
import type { PlaceMatch } from '../../../../native/api/index.ts';
import { isDistrictCode } from '../../../../native/api/rules.ts';

type PlaceLike = Pick<PlaceMatch, 'source' | 'kind' | 'precision'>;

/**
 * How a place is described to the operator, in the interface's language:
 * how closely it locates (门牌地址 / 道路 / 社区 / 街道 / 行政区, a landmark
 * as 地标, a recent incident's address as such) and where it lies.
 */
export function usePlaceWords() {
  const { t } = useI18n();

  function precision(place: PlaceLike): string {
    if (place.kind === 'poi') return t('intakeArea.address.poi');
    return t(`intakeArea.address.precision.${place.precision}`);
  }

  /** The kind of place a suggestion is: its precision, or "recent incident". */
  function what(place: PlaceLike): string {
    return place.source === 'recent' ? t('intakeArea.address.recent') : precision(place);
  }

  function district(code: string | null): string | null {
    if (!code) return null;
    return isDistrictCode(code) ? t(`districts.${code}`) : code;
  }

  /** The areas a place lies in, largest first: 思明区 · 滨海街道 · 曾厝垵社区. */
  function areas(place: { district: string | null; street: string | null; community: string | null }): string {
    return [district(place.district), place.street, place.community].filter((part): part is string => !!part).join(' · ');
  }

  /** One line about a match: what it is and where (门牌地址 · 思明区 · 滨海街道). */
  function where(match: PlaceMatch): string {
    return [what(match), areas(match)].filter(Boolean).join(' · ');
  }

  return { precision, what, district, areas, where };
}
