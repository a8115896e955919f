import { readableCode } from './readable.ts';
import { isKeySegment, type Words } from './words.ts';

/**
 * An incident category (spec §8: a dotted code whose first segment is one of
 * eleven roots) by name: "交通 · 违停", "Traffic · Illegal parking". The names
 * are the console's category tree (i18n `categories`), which covers every
 * code the intake offers and the platform is known to send; for any other,
 * the root's name and the last segment made readable ("Hazard · Sinkhole"),
 * never the bare code.
 */
export function categoryName(words: Words, code: string): string {
  const [root = '', ...rest] = code.split('.');
  const rootName = categoryRootName(words, root);
  const last = rest.at(-1);
  if (last === undefined || last === '') return rootName;
  // A child's own name only for a two-part code: deeper codes are the platform's refinements the tree lacks.
  const key = `categories.${root}.${last}`;
  const known = rest.length === 1 && last !== 'name' && isKeySegment(root) && isKeySegment(last) && words.te(key);
  return `${rootName} · ${known ? words.t(key) : readableCode(last)}`;
}

/** A category root's own name ("交通"), or the root made readable. */
export function categoryRootName(words: Words, root: string): string {
  const key = `categories.${root}.name`;
  return isKeySegment(root) && words.te(key) ? words.t(key) : readableCode(root);
}
