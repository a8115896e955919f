import type { App } from 'vue';
import { createPinia } from 'pinia';
import type { Router } from 'vue-router';
import type { ConsoleClient } from './api/client.ts';
import { ConsoleClientKey, TimersKey } from './api/inject.ts';
import type { Timers } from './api/timers.ts';
import type { EgretI18n } from './i18n/index.ts';
import { EgretI18nKey } from './i18n/inject.ts';

export interface EgretPlugins {
  client: ConsoleClient;
  i18n: EgretI18n;
  router?: Router;
  /** Stores schedule refreshes on these; the browser's clock unless a test drives it. */
  timers?: Timers;
}

/** One place that wires the app, shared by main.ts and component tests. */
export function installEgret(app: App, { client, i18n, router, timers }: EgretPlugins): App {
  app.provide(ConsoleClientKey, client);
  if (timers) app.provide(TimersKey, timers);
  app.provide(EgretI18nKey, i18n);
  app.use(createPinia());
  app.use(i18n);
  if (router) app.use(router);
  return app;
}
