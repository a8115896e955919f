/**
 * Where ingest time goes, per change: JSON.parse, validation (zod +
 * prepareChange), CacheStore.applyChanges in batches, and the deferred
 * full-text indexing done later when the link is idle.
 * `node bin/run-ts.mjs bench/apply-breakdown.bench.ts [N]`
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareChange } from '../native/link/prepare.ts';
import { CacheStore, type PreparedItem } from '../native/store/cache-store.ts';
import { makeIncident } from './gen.ts';

const N = Number(process.argv[2] ?? 50_000);
const text = Array.from({ length: N }, (_, i) => JSON.stringify({ seq: i + 1, op: 'upsert', kind: 'incident', data: makeIncident(i, "b", 7, { live: N }) }));
const perChange = (since: number) => (((performance.now() - since) * 1000) / N).toFixed(1);

let t = performance.now();
const parsed = text.map((s) => JSON.parse(s) as unknown);
const parseUs = perChange(t);

t = performance.now();
const prepared: PreparedItem[] = parsed.map((item, i) => prepareChange(item, i + 1));
const prepareUs = perChange(t);

const { cache } = CacheStore.open(mkdtempSync(join(tmpdir(), 'egret-breakdown-')));
t = performance.now();
for (let i = 0; i < N; i += 5000) cache.applyChanges(prepared.slice(i, i + 5000), Math.min(N, i + 5000));
const applyUs = perChange(t);

t = performance.now();
while (cache.indexPending(2000));
const textUs = perChange(t);
console.log(
  `per change: JSON.parse ${parseUs} µs, validate+prepare ${prepareUs} µs, apply ${applyUs} µs (batches of 5000); deferred text index ${textUs} µs`,
);
cache.close();
