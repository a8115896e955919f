import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

const leftover = new Set<string>();
let hooked = false;

/**
 * A fresh folder under the system's temp dir for one test, removed when the
 * test finishes (databases in it may still be open: Linux unlinks them all
 * the same). Made outside a test (module scope), it goes when the test
 * worker exits.
 */
export function tempDir(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), `egret-${tag}-`));
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  } catch {
    leftover.add(dir);
    if (!hooked) {
      hooked = true;
      process.once('exit', () => {
        for (const d of leftover) rmSync(d, { recursive: true, force: true });
      });
    }
  }
  return dir;
}
