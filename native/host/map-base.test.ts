import { describe, expect, it } from 'vitest';
import { MapBaseConfigError, mapBaseConfig, mapImageOrigins, tileUrlProblem } from './map-base.ts';

describe('the base map configuration', () => {
  it('is the offline base when no tile server is given', () => {
    expect(mapBaseConfig({})).toEqual({ tiles: null });
    expect(mapImageOrigins({ tiles: null })).toEqual([]);
  });

  it('takes an http(s) XYZ template and its datum, and names its origin for the CSP', () => {
    const config = mapBaseConfig({ tiles: 'https://gis.xm.gov:8443/tianditu/{z}/{x}/{y}.png?layer=vec', datum: 'GCJ02' });
    expect(config).toEqual({
      tiles: { url: 'https://gis.xm.gov:8443/tianditu/{z}/{x}/{y}.png?layer=vec', datum: 'gcj02', maxZoom: 18, attribution: 'gis.xm.gov:8443' },
    });
    expect(mapImageOrigins(config)).toEqual(['https://gis.xm.gov:8443']);
  });

  it('defaults to WGS84 and reads CGCS2000 (Tianditu) as WGS84', () => {
    expect(mapBaseConfig({ tiles: 'http://127.0.0.1:7000/{z}/{x}/{y}.png' }).tiles?.datum).toBe('wgs84');
    expect(mapBaseConfig({ tiles: 'http://127.0.0.1:7000/{z}/{x}/{y}.png', datum: 'cgcs2000' }).tiles?.datum).toBe('wgs84');
  });

  it.each([
    ['http://tiles.example/{z}/{x}.png', /no \{y\}/],
    ['tiles.example/{z}/{x}/{y}.png', /not a URL/],
    ['ftp://tiles.example/{z}/{x}/{y}.png', /http:\/\/ or https:\/\//],
    ['file:///srv/tiles/{z}/{x}/{y}.png', /http:\/\/ or https:\/\//],
    ['http://{s}.tiles.example/{z}/{x}/{y}.png', /not \{s\}/],
    ['http://tiles.example/{z}/{x}/{-y}.png', /no \{y\}|not \{-y\}/],
    ['http://user:secret@tiles.example/{z}/{x}/{y}.png', /user name or password/],
  ])('refuses %s with the reason', (template, reason) => {
    expect(tileUrlProblem(template)).toMatch(reason);
    expect(() => mapBaseConfig({ tiles: template })).toThrow(MapBaseConfigError);
  });

  it('refuses an unknown datum, and a datum without a tile server', () => {
    expect(() => mapBaseConfig({ tiles: 'http://127.0.0.1:7000/{z}/{x}/{y}.png', datum: 'bd09' })).toThrow(/wgs84 .* or gcj02, got "bd09"/);
    expect(() => mapBaseConfig({ datum: 'gcj02' })).toThrow(/needs --map-tiles/);
  });
});
