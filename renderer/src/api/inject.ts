import { inject, type InjectionKey } from 'vue';
import type { ConsoleClient } from './client.ts';
import { browserTimers, type Timers } from './timers.ts';

export const ConsoleClientKey: InjectionKey<ConsoleClient> = Symbol('ConsoleClient');

/** The app's console client, provided once in main.ts (or by a test). */
export function useConsoleClient(): ConsoleClient {
  const client = inject(ConsoleClientKey, null);
  if (!client) throw new Error('no ConsoleClient provided: app.provide(ConsoleClientKey, client) first');
  return client;
}

export const TimersKey: InjectionKey<Timers> = Symbol('Timers');

/** The clock stores schedule refreshes with: the browser's, or a test's manual one. */
export function useTimers(): Timers {
  return inject(TimersKey, browserTimers);
}
