import { describe, expect, it } from 'vitest';
import { CATEGORY_OPTIONS, categoryKey } from '../components/intake/categories.ts';
import { categoryName, categoryRootName } from './categories.ts';
import { wordsIn } from './test-words.ts';

const zh = wordsIn('zh-CN');
const en = wordsIn('en');

describe('category names', () => {
  it('names a code by its root and its own name, in either language', () => {
    expect(categoryName(zh, 'traffic.illegal_parking')).toBe('交通 · 违停');
    expect(categoryName(en, 'traffic.illegal_parking')).toBe('Traffic · Illegal parking');
    expect(categoryName(zh, 'hazard.gas_leak')).toBe('安全隐患 · 燃气泄漏');
    expect(categoryName(en, 'public_order.fight')).toBe('Public order · Fight');
  });

  it('names a root alone by its own name', () => {
    expect(categoryName(zh, 'fire')).toBe('火灾');
    expect(categoryName(en, 'city_mgmt')).toBe('City management');
    expect(categoryRootName(en, 'public_order')).toBe('Public order');
  });

  it('gives a code the tree lacks the root’s name and its last segment made readable, never the bare key', () => {
    expect(categoryName(zh, 'hazard.sinkhole_large')).toBe('安全隐患 · Sinkhole large');
    expect(categoryName(en, 'hazard.sinkhole_large')).toBe('Hazard · Sinkhole large');
    // A deeper code than the tree has: the root, then its last refinement.
    expect(categoryName(en, 'traffic.collision.multi_vehicle')).toBe('Traffic · Multi vehicle');
    // An unknown root (a newer platform's) is made readable too.
    expect(categoryName(en, 'maritime.oil_spill')).toBe('Maritime · Oil spill');
    expect(categoryName(zh, 'space_debris')).toBe('Space debris');
  });

  it('never treats a code as message syntax or a path into other messages', () => {
    expect(categoryName(en, 'fire.name')).toBe('Fire · Name');
    expect(categoryName(en, 'fire.@{x}')).toBe('Fire · @{x}');
    expect(categoryName(en, 'roles.duty_chief')).toBe('Roles · Duty chief');
    expect(categoryName(en, '')).toBe('');
  });

  it('every code the intake offers has a name of its own in both languages', () => {
    for (const words of [zh, en]) {
      for (const option of CATEGORY_OPTIONS) expect(words.te(categoryKey(option)), option.code).toBe(true);
    }
  });
});
