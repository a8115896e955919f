import type { CategoryRoot } from '../../api/rules.ts';
import type { DEPARTMENT_KINDS } from '../../protocol/entities.ts';
import type { Db } from '../open.ts';

type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** Which kinds of linkage unit handle which category root (派单 suggestions), the most fitting kind first. */
export const UNITS_FOR: { readonly [R in CategoryRoot]: readonly DepartmentKind[] } = {
  criminal: ['police'],
  public_order: ['police', 'grid'],
  dispute: ['police', 'community', 'street_office'],
  traffic: ['traffic_police', 'police'],
  fire: ['fire', 'health'],
  rescue: ['fire', 'health', 'police'],
  hazard: ['construction', 'city_mgmt', 'fire'],
  city_mgmt: ['city_mgmt', 'grid'],
  environment: ['environment', 'city_mgmt'],
  petition: ['street_office', 'community'],
  other: ['community', 'grid'],
};

/** Every linkage unit; a few hundred rows in a city, so a plain scan. */
export const DEPARTMENTS_SQL = 'SELECT id, name, kind, level, district FROM department ORDER BY level, name';

export interface DepartmentChoice {
  id: string;
  name: string;
  kind: string;
  level: string;
  district: string | null;
  /** Its kind handles the category, and it covers the district (or the whole city). */
  suggested: boolean;
}

/**
 * The linkage units to dispatch to: those that fit the incident's category
 * (and district, when given) first, in the order of UNITS_FOR; the rest
 * after them by level and name.
 */
export function departmentChoices(db: Db, incident: { category?: string; district?: string }): DepartmentChoice[] {
  const root = incident.category?.split('.')[0];
  const kinds: readonly string[] = root && Object.hasOwn(UNITS_FOR, root) ? UNITS_FOR[root as CategoryRoot] : [];
  const rows = db.prepare(DEPARTMENTS_SQL).all() as Omit<DepartmentChoice, 'suggested'>[];
  const fits = (r: (typeof rows)[number]) =>
    kinds.includes(r.kind) && (!incident.district || r.district === null || r.district === incident.district);
  const rank = (c: DepartmentChoice) => (c.suggested ? kinds.indexOf(c.kind) : kinds.length);
  // Array sort is stable: within a rank, the SQL's level and name order stays.
  return rows.map((r) => ({ ...r, suggested: fits(r) })).sort((a, b) => rank(a) - rank(b));
}
