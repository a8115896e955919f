import { describe, expect, it } from 'vitest';
import { incident } from '../../../tests/support/entities.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { silentLogger } from '../../common/logger.ts';
import { prepareChange } from '../../link/prepare.ts';
import { openDataDir } from '../../store/data-dir.ts';
import { ConsoleHost } from '../console-host.ts';
import { boardHandlers } from './board.ts';

describe('board handlers: a board page answered is heard (the index backlog waits for the first: platform-link.ts pageShown)', () => {
  it('tells `shown` after each incidents.page it answers, and not for the day’s figures', async () => {
    const data = await openDataDir(tempDir('board-host'), { command: 'test', cacheWriter: 'inline' });
    const items = [incident('inc-1', 1), incident('inc-2', 1)].map((data, i) =>
      prepareChange({ seq: i + 1, op: 'upsert', kind: 'incident', data }, i + 1),
    );
    data.cache.applyChanges(items, items.length);
    let shown = 0;
    const host = new ConsoleHost({
      role: () => 'duty_chief',
      logger: silentLogger,
      handlers: boardHandlers(data, Date.now, () => shown++) as never,
    });
    const call = (method: string, params: unknown) => host.call(method, params, { label: 'test' });
    await call('stats.today', {});
    expect(shown).toBe(0);
    const page = (await call('incidents.page', {})) as { ok: boolean; result?: { rows: unknown[] } };
    expect(page.result?.rows).toHaveLength(2);
    expect(shown).toBe(1);
    await call('incidents.page', {});
    expect(shown).toBe(2);
    data.close();
  });
});
