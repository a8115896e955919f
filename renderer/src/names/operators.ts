import type { Words } from './words.ts';

/**
 * The operator of an audit entry: by the name the platform's `welcome` gave
 * them when they signed in at this workstation (the host looks it up); an
 * entry made before anyone signed in has none ("—"); an id from before the
 * console kept names reads "unknown operator", the id in the tooltip.
 */
export function operatorLabel(
  words: Words,
  entry: { operator: string | null; operatorName: string | null },
): { text: string; title: string | undefined } {
  if (entry.operatorName) return { text: entry.operatorName, title: undefined };
  if (entry.operator === null) return { text: '—', title: undefined };
  return { text: words.t('names.unknown.operator'), title: entry.operator };
}
