import { describe, expect, it } from 'vitest';
import { ApiError, type WaveState } from '../../api/index.ts';
import { FakeTimers } from '../../common/timers.ts';
import { OfferWaveStore } from '../../store/offer-waves.ts';
import { StateStore } from '../../store/state-store.ts';
import { tempDir } from '../../../tests/support/temp-dir.ts';
import { DEFAULT_WAVE_SETTINGS } from './settings.ts';
import { WaveRunner, type WaveIncident } from './wave-runner.ts';

const T0 = Date.parse('2026-12-01T09:00:00+08:00');
const S = 1000;

/** Volunteers by their straight-line distance from the incident (metres). */
const AROUND: Record<string, number> = {
  'vol-a': 200,
  'vol-b': 400,
  'vol-c': 700,
  'vol-d': 900,
  'vol-e': 1500,
  'vol-f': 1900,
  'vol-g': 2500,
  'vol-h': 2900,
  'vol-i': 3500,
};

/** A city around one incident: what the runner asks of the cache, the positions and the outbox. */
class World {
  incident: WaveIncident | null = { status: 'new', lat: 24.6, lng: 118.1, district: '350211', volunteers: [] };
  taker: string | null = null;
  refuse: ApiError | null = null;
  volunteers = { ...AROUND };
  readonly offers: { incident: string; volunteers: string[]; expires_in_s: number }[] = [];
  readonly audits: { action: string; result: string; operator: string | null }[] = [];
  readonly published: WaveState[][] = [];
  readonly timers = new FakeTimers(T0);

  constructor(readonly state: StateStore) {}

  runner(): WaveRunner {
    return new WaveRunner({
      runs: new OfferWaveStore(this.state.db),
      settings: () => ({ ...DEFAULT_WAVE_SETTINGS }),
      timers: this.timers,
      incident: () => this.incident,
      acceptedAmong: (_incident, offered) => (this.taker !== null && offered.includes(this.taker) ? this.taker : null),
      nearest: ({ k, radiusM, exclude }) =>
        Object.entries(this.volunteers)
          .filter(([id, m]) => m <= radiusM && !exclude.includes(id))
          .sort((a, b) => a[1] - b[1])
          .slice(0, k)
          .map(([id]) => id),
      offer: (args) => {
        if (this.refuse) throw this.refuse;
        this.offers.push(args);
        return `cmd-${this.offers.length}`;
      },
      audit: (entry) => this.audits.push(entry),
      publish: (states) => this.published.push(states),
    });
  }

  get last(): WaveState {
    return this.published.at(-1)!.find((s) => s.incident === 'inc-1')!;
  }
}

function world(dir = tempDir('waves')): World {
  return new World(StateStore.open(dir));
}

describe('offer waves', () => {
  it('widen: wave 1 at once, then on each expiry twice the radius to volunteers not offered before, capped at 3 km, three waves', () => {
    const w = world();
    const runner = w.runner();

    const started = runner.start({ incident: 'inc-1' }, 'op-chief');
    // Outside the urban districts the first wave reaches 1 km.
    expect(started).toMatchObject({ state: 'running', wave: 1, maxWaves: 3, radiusM: 1000, volunteers: ['vol-a', 'vol-b', 'vol-c'] });
    expect(started.expiresAt).toBe(T0 + 60 * S);
    expect(started.nextWaveAt).toBe(T0 + 60 * S);
    expect(w.offers).toEqual([{ incident: 'inc-1', volunteers: ['vol-a', 'vol-b', 'vol-c'], expires_in_s: 60 }]);
    expect(started.waves[0]).toMatchObject({ wave: 1, command: 'cmd-1', sentAt: T0 });

    w.timers.advance(60 * S - 1);
    expect(w.offers).toHaveLength(1);
    w.timers.advance(1);
    expect(w.offers).toHaveLength(2);
    expect(w.last).toMatchObject({ wave: 2, radiusM: 2000, volunteers: ['vol-d', 'vol-e', 'vol-f'], nextWaveAt: T0 + 120 * S });

    w.timers.advance(60 * S);
    // 4 km is past the cap: 3 km, and only two are left within it.
    expect(w.last).toMatchObject({ wave: 3, radiusM: 3000, volunteers: ['vol-g', 'vol-h'], state: 'running', nextWaveAt: null });
    expect(w.last.offered).toEqual(['vol-a', 'vol-b', 'vol-c', 'vol-d', 'vol-e', 'vol-f', 'vol-g', 'vol-h']);

    w.timers.advance(60 * S);
    expect(w.last).toMatchObject({ state: 'exhausted', wave: 3, acceptedBy: null, nextWaveAt: null });
    w.timers.advance(3600 * S);
    expect(w.offers).toHaveLength(3);
    expect(new Set(w.offers.flatMap((o) => o.volunteers)).size).toBe(8); // nobody offered twice
    expect(w.timers.scheduled).toBe(0);
  });

  it('starts within 500 m in the urban districts (Siming, Huli), and takes the operator’s own radius and count', () => {
    const w = world();
    w.incident = { ...w.incident!, district: '350206' };
    const runner = w.runner();
    expect(runner.start({ incident: 'inc-1' }, 'op-1')).toMatchObject({ radiusM: 500, volunteers: ['vol-a', 'vol-b'] });
    runner.stop('inc-1', 'op-1');
    expect(runner.start({ incident: 'inc-1', radiusM: 300, n: 1, expiresInS: 30 }, 'op-1')).toMatchObject({
      radiusM: 300,
      volunteers: ['vol-a'],
    });
    expect(w.offers.at(-1)).toEqual({ incident: 'inc-1', volunteers: ['vol-a'], expires_in_s: 30 });
  });

  it('an acceptance the cache learns of ends the run at once: no further wave', () => {
    const w = world();
    const runner = w.runner();
    runner.start({ incident: 'inc-1' }, 'op-1');
    w.timers.advance(20 * S);
    w.taker = 'vol-b';
    runner.cacheChanged();
    expect(w.last).toMatchObject({ state: 'accepted', acceptedBy: 'vol-b', nextWaveAt: null, wave: 1 });
    w.timers.advance(600 * S);
    expect(w.offers).toHaveLength(1);
  });

  it('an acceptance found when the wave expires ends the run instead of the next wave; one by a volunteer never offered does not', () => {
    const w = world();
    const runner = w.runner();
    runner.start({ incident: 'inc-1' }, 'op-1');
    w.taker = 'vol-z'; // took some other offer of this incident: not this run's
    w.timers.advance(60 * S);
    expect(w.last).toMatchObject({ state: 'running', wave: 2 });
    w.taker = 'vol-e';
    w.timers.advance(60 * S);
    expect(w.last).toMatchObject({ state: 'accepted', acceptedBy: 'vol-e', wave: 2 });
    expect(w.offers).toHaveLength(2);
  });

  it('an acceptance the platform sent just before the last wave expired still marks the run taken, within minutes only', () => {
    const w = world();
    const runner = w.runner();
    runner.start({ incident: 'inc-1', maxWaves: 1 }, 'op-1');
    w.timers.advance(60 * S);
    expect(w.last).toMatchObject({ state: 'exhausted' });
    w.taker = 'vol-a';
    runner.cacheChanged();
    expect(w.last).toMatchObject({ state: 'accepted', acceptedBy: 'vol-a' });

    runner.start({ incident: 'inc-1', maxWaves: 1 }, 'op-1');
    w.taker = null;
    w.timers.advance(60 * S);
    w.timers.advance(10 * 60 * S);
    w.taker = 'vol-a';
    runner.cacheChanged();
    expect(w.last).toMatchObject({ state: 'exhausted' });
  });

  it('the operator stops it: no further wave, audited; stopping again changes nothing', () => {
    const w = world();
    const runner = w.runner();
    runner.start({ incident: 'inc-1' }, 'op-1');
    const stopped = runner.stop('inc-1', 'op-2');
    expect(stopped).toMatchObject({ state: 'stopped', reason: 'operator', nextWaveAt: null });
    w.timers.advance(600 * S);
    expect(w.offers).toHaveLength(1);
    expect(runner.stop('inc-1', 'op-2')).toEqual(stopped);
    expect(w.audits.map((a) => [a.action, a.result, a.operator])).toEqual([
      ['offers.start', 'started', 'op-1'],
      ['offers.stop', 'stopped', 'op-2'],
    ]);
    expect(() => runner.stop('inc-404', 'op-2')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('a wave with nobody in range counts, says so, and the next goes at once with twice the radius', () => {
    const w = world();
    w.volunteers = { 'vol-e': 1500, 'vol-i': 3500 };
    const runner = w.runner();
    const started = runner.start({ incident: 'inc-1' }, 'op-1');
    expect(started.waves.map((wave) => [wave.wave, wave.radiusM, wave.volunteers, wave.command])).toEqual([
      [1, 1000, [], null],
      [2, 2000, ['vol-e'], 'cmd-1'],
    ]);
    expect(started).toMatchObject({ wave: 2, state: 'running', nextWaveAt: T0 + 60 * S });
    w.timers.advance(60 * S);
    // Wave 3 (3 km) finds nobody either: the run is over.
    expect(w.last).toMatchObject({ state: 'exhausted', wave: 3, volunteers: [] });
    expect(w.offers).toHaveLength(1);
  });

  it('a closed incident stops the run at its next wave; a refused offer fails it with the reason', () => {
    const w = world();
    const runner = w.runner();
    runner.start({ incident: 'inc-1' }, 'op-1');
    w.incident = { ...w.incident!, status: 'closed' };
    w.timers.advance(60 * S);
    expect(w.last).toMatchObject({ state: 'stopped', reason: 'incident_closed' });

    w.incident = { ...w.incident, status: 'new' };
    w.refuse = new ApiError('forbidden', 'the video_patroller role may not send incident.offer');
    expect(runner.start({ incident: 'inc-1' }, 'op-1')).toMatchObject({
      state: 'failed',
      reason: 'forbidden: the video_patroller role may not send incident.offer',
      nextWaveAt: null,
    });
  });

  it('refuses, changing nothing: an incident unknown, closed, without a location, or already being offered', () => {
    const w = world();
    const runner = w.runner();
    const refusal = (incident: WaveIncident | null) => {
      w.incident = incident;
      try {
        runner.start({ incident: 'inc-1' }, 'op-1');
      } catch (error) {
        return (error as ApiError).code;
      }
      return null;
    };
    const open: WaveIncident = { status: 'new', lat: 24.6, lng: 118.1, district: null, volunteers: [] };
    expect(refusal(null)).toBe('not_found');
    expect(refusal({ ...open, status: 'resolved' })).toBe('conflict');
    expect(refusal({ ...open, lat: null })).toBe('invalid_params');
    expect(runner.list()).toEqual([]);
    expect(refusal(open)).toBeNull();
    expect(refusal(open)).toBe('conflict');
    expect(() => runner.start({ incident: 'inc-2', radiusM: 2000, maxRadiusM: 1000 }, 'op-1')).toThrow(/largest radius/);
    expect(w.offers).toHaveLength(1);
  });

  it('never offers a volunteer the incident already has', () => {
    const w = world();
    w.incident = { ...w.incident!, volunteers: ['vol-a'] };
    expect(w.runner().start({ incident: 'inc-1' }, 'op-1').volunteers).toEqual(['vol-b', 'vol-c', 'vol-d']);
  });

  describe('across a restart (state.db closed and opened again)', () => {
    function startThenClose(): { dir: string; w: World } {
      const dir = tempDir('waves-restart');
      const w = world(dir);
      const runner = w.runner();
      runner.start({ incident: 'inc-1' }, 'op-1');
      w.timers.advance(30 * S);
      runner.dispose();
      w.state.close();
      return { dir, w };
    }
    function reopen(dir: string, before: World): World {
      const w = world(dir);
      w.timers.advance(before.timers.now() - T0);
      w.incident = before.incident;
      return w;
    }

    it('a wave that fell due while the console was down goes at once, and the run goes on from there', () => {
      const { dir, w: before } = startThenClose();
      const w = reopen(dir, before);
      w.timers.advance(90 * S); // down for 90 s: wave 2 was due 60 s in
      const runner = w.runner();
      runner.resume();
      expect(w.offers).toEqual([{ incident: 'inc-1', volunteers: ['vol-d', 'vol-e', 'vol-f'], expires_in_s: 60 }]);
      expect(w.last).toMatchObject({ wave: 2, radiusM: 2000, offered: ['vol-a', 'vol-b', 'vol-c', 'vol-d', 'vol-e', 'vol-f'] });
      expect(w.last.nextWaveAt).toBe(w.timers.now() + 60 * S);
      w.timers.advance(60 * S);
      expect(w.last).toMatchObject({ wave: 3, radiusM: 3000 });
    });

    it('a wave not yet due waits for its time', () => {
      const { dir, w: before } = startThenClose();
      const w = reopen(dir, before);
      w.runner().resume();
      expect(w.last).toMatchObject({ wave: 1, state: 'running', nextWaveAt: T0 + 60 * S });
      w.timers.advance(30 * S - 1);
      expect(w.offers).toHaveLength(0);
      w.timers.advance(1);
      expect(w.offers).toHaveLength(1);
    });

    it('an offer taken, or an incident closed, while the console was down sends nothing more', () => {
      const taken = startThenClose();
      const w = reopen(taken.dir, taken.w);
      w.taker = 'vol-c';
      w.timers.advance(600 * S);
      w.runner().resume();
      expect(w.last).toMatchObject({ state: 'accepted', acceptedBy: 'vol-c' });
      expect(w.offers).toHaveLength(0);

      const closed = startThenClose();
      const v = reopen(closed.dir, closed.w);
      v.incident = { ...v.incident!, status: 'cancelled' };
      v.timers.advance(600 * S);
      v.runner().resume();
      expect(v.last).toMatchObject({ state: 'stopped', reason: 'incident_cancelled' });
      expect(v.offers).toHaveLength(0);
    });
  });
});
