/**
 * How fast Node reads the kept demo city's entities back, by file format
 * (`node bin/run-ts.mjs bench/kept-format.bench.ts FILE`, FILE a kept city:
 * `<data dir>/demo/platform-state.json` of version 1, or a kept file of the
 * current version). Its entities are written in each format to a temporary
 * folder, then each is read back in turn, several rounds alternating the
 * order, in this one process: the figures are meant as ratios to each other
 * (the machine's load moves them all alike), not as absolute times.
 *
 * Per format: the whole read (file into memory, parsed into objects) and the
 * longest the thread is held in one piece — what a console's `hello` waits
 * for at worst when the load is cut into turns of the event loop.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

type Item = Record<string, unknown>;
const CHUNK = 2_000;

const source = process.argv[2];
if (!source) {
  console.error('usage: node bin/run-ts.mjs bench/kept-format.bench.ts KEPT_FILE');
  process.exit(2);
}

/** The kept city's entities, from a version-1 file (one JSON document) or one of now (JSON lines, kept/state-file.ts). */
function entitiesOf(file: string): { kind: string; items: Item[] }[] {
  if (file.endsWith('.json')) {
    const v1 = JSON.parse(readFileSync(file, 'utf8')) as { platform: { entities: { kind: string; items: Item[] }[] } };
    return v1.platform.entities;
  }
  const [first, ...rest] = readFileSync(file, 'utf8').split('\n');
  const header = JSON.parse(first!) as { lines: { log: number; entities: number } };
  const groups = new Map<string, Item[]>();
  for (const line of rest.slice(header.lines.log, header.lines.log + header.lines.entities)) {
    const { kind, items } = JSON.parse(line) as { kind: string; items: Item[] };
    groups.set(kind, [...(groups.get(kind) ?? []), ...items]);
  }
  return [...groups].map(([kind, items]) => ({ kind, items }));
}

let groups: { kind: string; items: Item[] }[] | null = entitiesOf(source);
let all: Item[] | null = groups.flatMap((g) => g.items);
const dir = mkdtempSync(join(tmpdir(), 'kept-format-'));
const chunks: Item[][] = [];
for (let i = 0; i < all.length; i += CHUNK) chunks.push(all.slice(i, i + CHUNK));
const entityCount = all.length;
const kindCount = groups.length;

const files = {
  oneJson: join(dir, 'one.json'),
  ndjsonEntity: join(dir, 'entities.ndjson'),
  ndjsonChunk: join(dir, 'chunks.ndjson'),
  v8Whole: join(dir, 'whole.v8'),
  v8Chunks: join(dir, 'chunks.v8'),
};
writeFileSync(files.oneJson, JSON.stringify(groups));
writeFileSync(files.ndjsonEntity, all.map((e) => JSON.stringify(e)).join('\n') + '\n');
writeFileSync(files.ndjsonChunk, chunks.map((c) => JSON.stringify(c)).join('\n') + '\n');
writeFileSync(files.v8Whole, serialize(all));
// Chunks of v8 serialisation, each behind its 4-byte length.
writeFileSync(
  files.v8Chunks,
  Buffer.concat(
    chunks.flatMap((c) => {
      const body = serialize(c);
      const head = Buffer.alloc(4);
      head.writeUInt32LE(body.length);
      return [head, body];
    }),
  ),
);
groups.forEach((g, i) => writeFileSync(join(dir, `kind-${i}.json`), JSON.stringify(g.items)));
// Only what each reader makes stays alive while it reads (a big live heap slows every collection alike).
groups = null;
all = null;
chunks.length = 0;

/** Lines of a buffer, each decoded and handed over on its own. */
function eachLine(buffer: Buffer, take: (line: string) => void): void {
  let from = 0;
  for (let end = buffer.indexOf(10, from); end >= 0; end = buffer.indexOf(10, from)) {
    take(buffer.toString('utf8', from, end));
    from = end + 1;
  }
}

interface Reading {
  count: number;
  /** The longest piece of work between two points where the thread could have answered a frame, ms. */
  longest: number;
}

const readers: Record<string, () => Reading> = {
  'one JSON file (v1)': () => {
    const t = performance.now();
    const parsed = JSON.parse(readFileSync(files.oneJson, 'utf8')) as { items: Item[] }[];
    return { count: parsed.reduce((n, g) => n + g.items.length, 0), longest: performance.now() - t };
  },
  'a file per kind': () => {
    let count = 0;
    let longest = 0;
    for (let i = 0; i < kindCount; i++) {
      const t = performance.now();
      count += (JSON.parse(readFileSync(join(dir, `kind-${i}.json`), 'utf8')) as Item[]).length;
      longest = Math.max(longest, performance.now() - t);
    }
    return { count, longest };
  },
  'NDJSON, a line per entity': () => {
    const buffer = readFileSync(files.ndjsonEntity);
    let count = 0;
    let longest = 0;
    let t = performance.now();
    eachLine(buffer, (line) => {
      JSON.parse(line);
      if (++count % CHUNK === 0) {
        longest = Math.max(longest, performance.now() - t);
        t = performance.now();
      }
    });
    return { count, longest: Math.max(longest, performance.now() - t) };
  },
  [`NDJSON, a line per ${CHUNK} entities`]: () => {
    const buffer = readFileSync(files.ndjsonChunk);
    let count = 0;
    let longest = 0;
    eachLine(buffer, (line) => {
      const t = performance.now();
      count += (JSON.parse(line) as Item[]).length;
      longest = Math.max(longest, performance.now() - t);
    });
    return { count, longest };
  },
  'v8.deserialize, whole': () => {
    const t = performance.now();
    const items = deserialize(readFileSync(files.v8Whole)) as Item[];
    return { count: items.length, longest: performance.now() - t };
  },
  [`v8.deserialize, chunks of ${CHUNK}`]: () => {
    const buffer = readFileSync(files.v8Chunks);
    let count = 0;
    let longest = 0;
    for (let at = 0; at < buffer.length; ) {
      const length = buffer.readUInt32LE(at);
      const t = performance.now();
      count += (deserialize(buffer.subarray(at + 4, at + 4 + length)) as Item[]).length;
      longest = Math.max(longest, performance.now() - t);
      at += 4 + length;
    }
    return { count, longest };
  },
};

const ROUNDS = 3;
const names = Object.keys(readers);
const totals = new Map<string, number[]>(names.map((n) => [n, []]));
const longests = new Map<string, number[]>(names.map((n) => [n, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? names : [...names].reverse();
  for (const name of order) {
    globalThis.gc?.();
    const t = performance.now();
    const reading = readers[name]!();
    totals.get(name)!.push(performance.now() - t);
    longests.get(name)!.push(reading.longest);
    if (reading.count !== entityCount) throw new Error(`${name} read ${reading.count} entities, not ${entityCount}`);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(totals.get(names[0]!)!);
console.log(`${entityCount} entities, ${(Buffer.byteLength(readFileSync(files.oneJson)) / 1e6).toFixed(1)} MB as JSON; median of ${ROUNDS} rounds`);
for (const name of names) {
  const total = median(totals.get(name)!);
  console.log(
    `${name.padEnd(34)} read ${total.toFixed(0).padStart(5)} ms (×${(total / base).toFixed(2)}), longest piece ${median(longests.get(name)!).toFixed(0)} ms`,
  );
}
rmSync(dir, { recursive: true, force: true });
