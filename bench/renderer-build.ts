import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds dist/renderer when it is missing or older than any file of renderer/src: a bench measures the page as the sources are. */
export function ensureRendererBuilt(progress: (message: string) => void): void {
  const index = join(ROOT, 'dist/renderer/index.html');
  let stale = !existsSync(index);
  if (!stale) {
    const built = statSync(index).mtimeMs;
    const walk = (dir: string): boolean =>
      readdirSync(dir, { withFileTypes: true }).some((e) => (e.isDirectory() ? walk(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs > built));
    stale = walk(join(ROOT, 'renderer/src'));
  }
  if (!stale) return;
  progress('dist/renderer is missing or older than renderer/src: npm run build:renderer');
  const r = spawnSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm run build:renderer failed (${r.status})`);
}
