import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLE_DIR, MAIN, MANIFEST, freshBundle } from '../../bin/cli-bundle.mjs';

// When bin/egret.mjs may run the CLI bundle instead of the sources: only while
// every file the bundle was built from is as it was (bin/cli-bundle.mjs).

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A package root with two sources and a manifest of them as they are now. */
function builtTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'egret-bundle-'));
  dirs.push(root);
  mkdirSync(join(root, 'native', 'cli'), { recursive: true });
  mkdirSync(join(root, BUNDLE_DIR), { recursive: true });
  writeFileSync(join(root, BUNDLE_DIR, MAIN), 'export async function main() { return 0; }\n');
  writeFileSync(join(root, 'native', 'cli', 'main.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  // Built a minute after the sources were last written: an edit now has a later mtime.
  const written = new Date(Date.now() - 60_000);
  for (const file of ['native/cli/main.ts', 'package-lock.json']) utimesSync(join(root, file), written, written);
  writeManifest(root, ['native/cli/main.ts', 'package-lock.json']);
  return root;
}

function writeManifest(root: string, files: string[], override: Record<string, [number, number]> = {}): void {
  const entries = files.map((file) => {
    const s = statSync(join(root, file));
    return [file, override[file] ?? [s.size, s.mtimeMs]];
  });
  writeFileSync(join(root, BUNDLE_DIR, MANIFEST), JSON.stringify({ files: Object.fromEntries(entries) }));
}

describe('the CLI bundle runs', () => {
  it('while every source it was built from is unchanged', () => {
    const root = builtTree();
    expect(freshBundle(root)).toBe(join(root, BUNDLE_DIR, MAIN));
  });

  it('not after a source is edited, even to the same size', () => {
    const root = builtTree();
    writeFileSync(join(root, 'native', 'cli', 'main.ts'), 'export const b = 2;\n');
    expect(freshBundle(root)).toBeNull();
  });

  it('not after a source is touched or gets another size', () => {
    const touched = builtTree();
    const later = new Date(statSync(join(touched, 'package-lock.json')).mtimeMs + 5_000);
    utimesSync(join(touched, 'package-lock.json'), later, later);
    expect(freshBundle(touched)).toBeNull();

    const grown = builtTree();
    const { mtime } = statSync(join(grown, 'package-lock.json'));
    writeFileSync(join(grown, 'package-lock.json'), '{ }\n');
    utimesSync(join(grown, 'package-lock.json'), mtime, mtime);
    expect(freshBundle(grown)).toBeNull();
  });

  it('not after a source is deleted', () => {
    const root = builtTree();
    rmSync(join(root, 'native', 'cli', 'main.ts'));
    expect(freshBundle(root)).toBeNull();
  });

  it('not when a source changed while the build read it (recorded as -1)', () => {
    const root = builtTree();
    const size = statSync(join(root, 'package-lock.json')).size;
    writeManifest(root, ['native/cli/main.ts', 'package-lock.json'], { 'package-lock.json': [size, -1] });
    expect(freshBundle(root)).toBeNull();
  });

  it('not when it was never built, its manifest is unreadable or its main module is gone', () => {
    const root = builtTree();
    writeFileSync(join(root, BUNDLE_DIR, MANIFEST), '{"files": nul');
    expect(freshBundle(root)).toBeNull();
    writeFileSync(join(root, BUNDLE_DIR, MANIFEST), '[]');
    expect(freshBundle(root)).toBeNull();
    writeManifest(root, ['native/cli/main.ts']);
    rmSync(join(root, BUNDLE_DIR, MAIN));
    expect(freshBundle(root)).toBeNull();
    rmSync(join(root, BUNDLE_DIR), { recursive: true });
    expect(freshBundle(root)).toBeNull();
  });
});
