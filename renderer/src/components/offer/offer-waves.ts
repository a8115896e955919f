import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { WaveState } from '../../../../native/api/index.ts';
import { useConsoleClient } from '../../api/inject.ts';

/**
 * 派单 wave runs as the host has them (`offers.waves`, a whole list per
 * push), by incident: one store for every launcher and status on screen —
 * the detail's and the map card's show the same run. Starting and stopping
 * go to the host, which runs the waves (and keeps them across a restart);
 * the answer is shown at once, the topic keeps it live after.
 */
export const useOfferWaves = defineStore('offerWaves', () => {
  const client = useConsoleClient();
  const runs = shallowRef<ReadonlyMap<string, WaveState>>(new Map());

  function apply(list: readonly WaveState[]): void {
    runs.value = new Map(list.map((run) => [run.incident, run]));
  }
  function put(run: WaveState): void {
    runs.value = new Map([...runs.value, [run.incident, run]]);
  }

  // For the app's life: a few runs a shift, pushed whole.
  client.subscribe('offers.waves', apply);
  void client.call('offers.list', {}).then(apply, () => {
    // The topic's snapshot (or next push) brings the list all the same.
  });

  /** Offers the incident to its nearest volunteers in waves (the host's settings unless given). */
  async function start(incident: string): Promise<WaveState> {
    const run = await client.call('offers.start', { incident });
    put(run);
    return run;
  }

  async function stop(incident: string): Promise<WaveState> {
    const run = await client.call('offers.stop', { incident });
    put(run);
    return run;
  }

  const runOf = (incident: string): WaveState | null => runs.value.get(incident) ?? null;

  return { runs, runOf, start, stop };
});
