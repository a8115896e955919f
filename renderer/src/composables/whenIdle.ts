/**
 * Resolves once the page first has nothing to do (or after `timeoutMs`):
 * for work a window can show a moment later, so that it does not compete
 * with what an operator needs first. At start the board, the link's state
 * and today's counters come first (bench:start counts "live" by them); the
 * charts' 550 KB of ECharts and the map follow in the first idle moment.
 */
export function whenIdle(timeoutMs = 1_500): Promise<void> {
  return new Promise((resolve) => {
    if (typeof globalThis.requestIdleCallback === 'function') globalThis.requestIdleCallback(() => resolve(), { timeout: timeoutMs });
    else setTimeout(resolve, 0);
  });
}
