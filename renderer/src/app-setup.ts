import type { App } from 'vue';
import { createPinia } from 'pinia';
import type { Router } from 'vue-router';
import type { ConsoleClient } from './api/client.ts';
import { ConsoleClientKey } from './api/inject.ts';
import type { EgretI18n } from './i18n/index.ts';
import { EgretI18nKey } from './i18n/inject.ts';

export interface EgretPlugins {
  client: ConsoleClient;
  i18n: EgretI18n;
  router?: Router;
}

/** One place that wires the app, shared by main.ts and component tests. */
export function installEgret(app: App, { client, i18n, router }: EgretPlugins): App {
  app.provide(ConsoleClientKey, client);
  app.provide(EgretI18nKey, i18n);
  app.use(createPinia());
  app.use(i18n);
  if (router) app.use(router);
  return app;
}
