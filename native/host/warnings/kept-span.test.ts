import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { IncidentRecord } from '../../store/queries/warning-inputs.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { KEPT_SPAN_FILE, takeKeptSpan, writeKeptSpan, type KeptSpan } from './kept-span.ts';

const record = (id: string, extra: Partial<IncidentRecord> = {}): IncidentRecord => ({
  id,
  category: 'criminal.theft.bicycle',
  reportedAt: 1_764_000_000_000,
  lat: 24.48,
  lng: 118.09,
  district: '350203',
  street: '中华街道',
  address: '中山路 1 号',
  callerKey: '13800001111',
  status: 'dispatched',
  dueAt: 1_764_000_600_000,
  departments: ['dept-siming-police', 'dept-siming-fire'],
  ...extra,
});

const span: KeptSpan = {
  cursor: 4_211,
  incidents: [
    record('in-1'),
    // Every nullable field null, no departments; then one sharing table strings with the first.
    record('in-2', { lat: null, lng: null, district: null, street: null, address: null, callerKey: null, dueAt: null, departments: [] }),
    record('in-3', { category: 'traffic.collision', status: 'closed', departments: ['dept-siming-police'] }),
  ],
  reopenings: [{ event: 'ev-9', incident: 'in-1', at: 1_764_000_300_000 }],
};

describe('the span kept from a clean close', () => {
  it('comes back as written at the same cursor, once: the file is gone after it is taken', () => {
    const path = join(tempDir('kept-span'), KEPT_SPAN_FILE);
    writeKeptSpan(path, span);
    expect(takeKeptSpan(path, span.cursor)).toEqual(span);
    expect(existsSync(path)).toBe(false);
    expect(takeKeptSpan(path, span.cursor)).toBeNull();
  });

  it('stands for the cache at its cursor only: at another it is not taken, and removed', () => {
    const path = join(tempDir('kept-span-cursor'), KEPT_SPAN_FILE);
    writeKeptSpan(path, span);
    expect(takeKeptSpan(path, span.cursor + 1)).toBeNull();
    expect(existsSync(path)).toBe(false);
  });

  it('a file that is not one (garbage, another version, a column cut short, a string reference out of the table, texts cut wrong) is not taken', () => {
    const dir = tempDir('kept-span-bad');
    const path = join(dir, KEPT_SPAN_FILE);
    writeKeptSpan(path, span);
    const good = deserialize(readFileSync(path)) as Record<string, unknown>;
    const refs = good.refs as Int32Array;
    const bad: Buffer[] = [
      Buffer.from('not a span'),
      serialize({ ...good, v: 99 }),
      serialize({ ...good, numbers: (good.numbers as Float64Array).subarray(1) }),
      serialize({ ...good, refs: Int32Array.from(refs, (r, i) => (i === 0 ? 999 : r)) }),
      serialize({ ...good, text: [1, 2, 3] }),
      // Lengths that run past the joined text, or leave some of it over.
      serialize({ ...good, lengths: Int32Array.from(good.lengths as Int32Array, (l, i) => (i === 0 ? l + 1_000 : l)) }),
      serialize({ ...good, text: `${good.text as string}x` }),
      // A table that claims the ids too: fewer incidents than the columns hold.
      serialize({ ...good, tableSize: (good.tableSize as number) + 1 }),
      serialize({ ...good, reopenings: { events: ['ev-9'], incidents: [], at: new Float64Array(1) } }),
    ];
    for (const bytes of bad) {
      writeFileSync(path, bytes);
      expect(takeKeptSpan(path, span.cursor)).toBeNull();
      expect(existsSync(path)).toBe(false);
    }
  });

  it('a data dir it cannot be written to loses nothing but the span: no file, no error', () => {
    const path = join(tempDir('kept-span-nowhere'), 'missing-dir', KEPT_SPAN_FILE);
    expect(() => writeKeptSpan(path, span)).not.toThrow();
    expect(existsSync(path)).toBe(false);
  });
});
