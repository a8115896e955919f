import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../native/common/logger.ts';
import { ENTITY_KINDS } from '../../native/protocol/entities.ts';
import { PlatformLink, type PlatformLinkOptions } from '../../native/link/platform-link.ts';
import { exportKind, openDataDir, type DataDir } from '../../native/store/data-dir.ts';
import type { Platform } from '../../native/simulator/index.ts';
import { waitUntil } from './wait.ts';

export interface LinkUnderTest {
  link: PlatformLink;
  data: DataDir;
  dir: string;
  close(): Promise<void>;
  /** Waits until the console's cursor reaches the platform's head, and the link has heard so from the writer. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** The console's export of every kind equals the platform's state. */
  exportEquals(platform: Platform): void;
}

export async function startLink(
  platform: Platform,
  options: Partial<PlatformLinkOptions> & { dir?: string; token?: string } = {},
): Promise<LinkUnderTest> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'egret-link-'));
  const data = await openDataDir(dir, { command: 'test' });
  const link = new PlatformLink({
    url: platform.url,
    token: options.token ?? 'demo-chief',
    consoleId: 'ws-test',
    logger: silentLogger,
    random: () => 0.01,
    ...options,
    data,
  });
  link.start();
  return {
    link,
    data,
    dir,
    close: async () => {
      await link.close();
      await data.close();
    },
    caughtUp: async (timeoutMs = 10_000) => {
      await waitUntil(() => data.cache.cursor() === platform.head && link.status().state === 'live', timeoutMs, `cursor ${platform.head}`);
      // cache.db shows a commit before the writer thread's answer reaches the link: wait for the
      // answer too, so what the link counts (status().quarantine) is there as well.
      await link.settled();
    },
    exportEquals(p: Platform) {
      for (const kind of ENTITY_KINDS) {
        const mine = [...exportKind(dir, kind)].map((line) => JSON.parse(line) as unknown);
        if (JSON.stringify(mine) !== JSON.stringify(p.exportState(kind))) {
          throw new Error(`export of ${kind} differs: console ${mine.length} vs platform ${p.exportState(kind).length}`);
        }
      }
    },
  };
}
