import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/sections/map-base.ts';
import { defaultMapText, formatDistance, type MapText } from './map-text.ts';

const english: MapText = (key, params = {}) => {
  let node: unknown = en;
  for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
  return String(node).replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]));
};

describe('distances as the operator reads them', () => {
  it('whole metres under a kilometre, kilometres with two decimals under ten, one above', () => {
    expect(formatDistance(849.6, defaultMapText)).toBe('850 米');
    expect(formatDistance(1234, defaultMapText)).toBe('1.23 公里');
    expect(formatDistance(12_345, english)).toBe('12.3 km');
    expect(formatDistance(999.4, english)).toBe('999 m');
  });

  it('the default text is Chinese and leaves unknown placeholders visible', () => {
    expect(defaultMapText('measure.total', { distance: '3 米' })).toBe('总长 3 米');
    expect(defaultMapText('no.such.key')).toBe('no.such.key');
  });
});
