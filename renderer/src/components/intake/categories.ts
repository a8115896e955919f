import { CATEGORY_ROOTS, type CategoryRoot } from '../../../../native/api/rules.ts';

/**
 * The incident category tree the intake form offers (spec §8: a dotted code
 * whose first segment is one of eleven roots). Codes are the platform's;
 * names live in i18n under `categories.<root>.name` and
 * `categories.<root>.<child>` (sections/categories.ts, which also names the
 * codes the platform sends that the form does not offer; names/categories.ts
 * shows any code by name).
 */
export const CATEGORY_TREE = {
  criminal: ['theft', 'robbery', 'burglary', 'fraud', 'assault'],
  public_order: ['fight', 'noise', 'gathering', 'gambling'],
  traffic: ['collision', 'hit_and_run', 'drunk_driving', 'congestion', 'signal_fault'],
  fire: ['building', 'vehicle', 'forest', 'electrical'],
  rescue: ['medical', 'trapped', 'drowning', 'missing_person'],
  dispute: ['neighbour', 'family', 'labour', 'consumer'],
  hazard: ['structural', 'gas_leak', 'chemical', 'road_damage'],
  city_mgmt: ['illegal_construction', 'street_vending', 'garbage', 'streetlight'],
  environment: ['water_pollution', 'air_pollution', 'noise', 'dumping'],
  petition: ['complaint', 'suggestion', 'consultation'],
  other: ['lost_property', 'assistance'],
} as const satisfies Record<CategoryRoot, readonly string[]>;

export { CATEGORY_ROOTS, type CategoryRoot };

/**
 * The priority a category suggests until the operator sets one (1 is the
 * highest): life and fire first, city management and petitions last.
 */
export const SUGGESTED_PRIORITY: Record<CategoryRoot, 1 | 2 | 3 | 4> = {
  criminal: 2,
  public_order: 3,
  traffic: 3,
  fire: 1,
  rescue: 1,
  dispute: 3,
  hazard: 2,
  city_mgmt: 4,
  environment: 4,
  petition: 4,
  other: 3,
};

export interface CategoryOption {
  code: string;
  root: CategoryRoot;
  /** Null for a root. */
  child: string | null;
}

/** Every root followed by its children, in tree order. */
export const CATEGORY_OPTIONS: readonly CategoryOption[] = CATEGORY_ROOTS.flatMap((root) => [
  { code: root, root, child: null },
  ...CATEGORY_TREE[root].map((child) => ({ code: `${root}.${child}`, root, child })),
]);

export function isCategoryRoot(value: string): value is CategoryRoot {
  return Object.hasOwn(CATEGORY_TREE, value);
}

/** The option for a code from the tree, or null. */
export function categoryOption(code: string): CategoryOption | null {
  return CATEGORY_OPTIONS.find((o) => o.code === code) ?? null;
}

/** The i18n key of a root's name. */
export function categoryRootKey(root: CategoryRoot): string {
  return `categories.${root}.name`;
}

/** The i18n key of a category's own name (a root's name, or a child's). */
export function categoryKey(option: CategoryOption): string {
  return `categories.${option.root}.${option.child ?? 'name'}`;
}
