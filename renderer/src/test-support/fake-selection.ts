import type { Params, Result, Selection } from '../../../native/api/index.ts';
import type { FakeHost } from './fake-host.ts';

/**
 * The host's shared selection for store and component tests, as
 * issue13-api.md states it: every change bumps `seq` and is pushed on the
 * `selection` topic at once (before the caller's answer, as the urgent topic
 * goes out); `choose` is another window of the operator selecting. With
 * `holdAnswers` the answers to `selection.set` wait for `release()`, so a
 * test can keep a window's own choices on their way while pushes arrive.
 */
export class FakeSelection {
  state: Selection = { incident: null, window: null, seq: 0, at: '2025-03-14T01:00:00.000Z' };
  /** Every `selection.set`, with its params, in order. */
  readonly sets: Params<'selection.set'>[] = [];
  holdAnswers = false;
  private readonly held: (() => void)[] = [];
  private host: FakeHost | null = null;

  /** Answers on `host`'s methods and publishes on its topic. */
  attach(host: FakeHost): this {
    this.host = host;
    Object.assign(host.handlers, {
      'selection.get': (): Result<'selection.get'> => this.state,
      'selection.set': (params: Params<'selection.set'>): Result<'selection.set'> | Promise<Result<'selection.set'>> => {
        this.sets.push(params);
        const answer = this.commit(params.incident, params.window);
        if (!this.holdAnswers) return answer;
        return new Promise((resolve) => this.held.push(() => resolve(answer)));
      },
    });
    return this;
  }

  /** Another window selects `incident`: the host's selection moves on and is pushed. */
  choose(incident: string | null, window = 'map'): Selection {
    return this.commit(incident, window);
  }

  /** Sends the held answers, oldest first. */
  release(): void {
    for (const send of this.held.splice(0)) send();
  }

  private commit(incident: string | null, window: string): Selection {
    this.state = { incident, window, seq: this.state.seq + 1, at: new Date(Date.parse(this.state.at) + 1_000).toISOString() };
    this.host?.publish('selection', this.state);
    return this.state;
  }
}
