import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../native/simulator/city/categories.ts';
import * as categories from '../../renderer/src/i18n/sections/categories.ts';

/**
 * Every category code the demo platform sends has a name in the console's
 * category tree, in both languages (issue 10 §3): the tree is the console's,
 * the codes are the platform's, and a code the tree lacked would show as the
 * readable fallback (renderer/src/names/categories.ts) instead of its own name.
 */
describe('the console names every category the demo platform sends', () => {
  const codes = [...new Set(Object.values(CATALOGUE).flatMap((defs) => defs.map((def) => def.code)))].sort();

  it.each([
    ['zh-CN', categories.zh],
    ['en', categories.en],
  ] as const)('in %s', (_locale, tree) => {
    expect(codes.length).toBeGreaterThan(40);
    const named = (code: string) => {
      const [root, child] = code.split('.') as [string, string];
      const names = (tree as Record<string, Record<string, string> | undefined>)[root];
      return typeof names?.name === 'string' && typeof names[child] === 'string' && names[child]!.trim() !== '';
    };
    expect(codes.filter((code) => !named(code))).toEqual([]);
  });
});
