import type { CDPSession } from 'playwright-core';

/**
 * A page's JS heap by what holds it: a DevTools heap snapshot (CDP
 * HeapProfiler) summed by constructor — self sizes and counts — so a bench
 * that sees a heap grow can say what grew.
 */

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapSummary {
  /** Self bytes and object count per constructor (or node type for non-objects: "(string)", "(code)" …). */
  byName: Map<string, { bytes: number; count: number }>;
  totalBytes: number;
}

/** Takes a heap snapshot of the page behind `cdp` (after a GC) and sums it by constructor. */
export async function heapSummary(cdp: CDPSession): Promise<HeapSummary> {
  const chunks: string[] = [];
  const onChunk = ({ chunk }: { chunk: string }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return summarise(JSON.parse(chunks.join('')) as RawSnapshot);
}

export function summarise(raw: RawSnapshot): HeapSummary {
  const fields = raw.snapshot.meta.node_fields;
  const types = raw.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const byName = new Map<string, { bytes: number; count: number }>();
  let totalBytes = 0;
  for (let i = 0; i < raw.nodes.length; i += width) {
    const type = types[raw.nodes[i + typeAt]!]!;
    const bytes = raw.nodes[i + sizeAt]!;
    const name = type === 'object' || type === 'closure' ? raw.strings[raw.nodes[i + nameAt]!]! : `(${type})`;
    const key = type === 'closure' ? `${name}()` : name;
    const entry = byName.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += bytes;
    entry.count++;
    byName.set(key, entry);
    totalBytes += bytes;
  }
  return { byName, totalBytes };
}

/** The constructors whose self size grew most from `before` to `after`, one line each. */
export function heapGrowthLines(before: HeapSummary, after: HeapSummary, top = 12): string[] {
  const names = new Set([...before.byName.keys(), ...after.byName.keys()]);
  const rows = [...names].map((name) => {
    const a = before.byName.get(name) ?? { bytes: 0, count: 0 };
    const b = after.byName.get(name) ?? { bytes: 0, count: 0 };
    return { name, delta: b.bytes - a.bytes, a, b };
  });
  rows.sort((x, y) => y.delta - x.delta);
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  return [
    `heap snapshot: ${kib(before.totalBytes)} → ${kib(after.totalBytes)}; grew most:`,
    ...rows
      .slice(0, top)
      .filter((r) => r.delta > 0)
      .map((r) => `  +${kib(r.delta).padStart(9)}  ${r.name} (${r.a.count} → ${r.b.count} objects, ${kib(r.a.bytes)} → ${kib(r.b.bytes)})`),
  ];
}
