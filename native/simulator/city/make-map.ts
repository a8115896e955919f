/**
 * One-off: converts the demo district boundaries from GCJ-02 (AMap's datum)
 * to WGS84 (the wire's datum, spec §8) and tags each feature with its district
 * code. Run once from the repository root; the output is committed in
 * resources/map/ so nothing converts at runtime:
 *
 *   node bin/run-ts.mjs native/simulator/city/make-map.ts [SOURCE] [OUT]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import gcoord from 'gcoord';
import { DISTRICTS } from '../../protocol/entities.ts';

const source = process.argv[2] ?? '/work/shared/data/xiamen-districts/xiamen-districts.gcj02.geojson';
const out = process.argv[3] ?? 'resources/map/xiamen-districts.wgs84.geojson';

type Feature = { type: 'Feature'; id?: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } };
const input = JSON.parse(readFileSync(source, 'utf8')) as { type: 'FeatureCollection'; features: Feature[] };

const codeByName = new Map(Object.entries(DISTRICTS).map(([code, d]) => [d.zh as string, code]));
const round = (v: unknown): unknown => (Array.isArray(v) ? v.map(round) : typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v);

const features = input.features.map((f) => {
  const name = String(f.properties.name);
  const code = codeByName.get(name);
  if (!code) throw new Error(`no district code for ${name}`);
  const converted = gcoord.transform(f as never, gcoord.GCJ02, gcoord.WGS84) as unknown as Feature;
  const cp = f.properties.cp as [number, number] | undefined;
  return {
    type: 'Feature',
    id: code,
    properties: {
      code,
      name,
      name_en: DISTRICTS[code as keyof typeof DISTRICTS].en,
      ...(cp ? { cp: round(gcoord.transform(cp, gcoord.GCJ02, gcoord.WGS84)) } : {}),
    },
    geometry: { type: converted.geometry.type, coordinates: round(converted.geometry.coordinates) },
  };
});
if (features.length !== 6) throw new Error(`expected 6 districts, got ${features.length}`);
writeFileSync(out, JSON.stringify({ type: 'FeatureCollection', features }) + '\n');
process.stdout.write(`wrote ${out}: ${features.map((f) => `${f.properties.name} ${f.properties.code}`).join(', ')}\n`);
