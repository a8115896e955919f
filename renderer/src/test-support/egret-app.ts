import { createApp, type Plugin } from 'vue';
import { createMemoryHistory, type Router } from 'vue-router';
import type { LinkStatus, SessionInfo } from '../../../native/api/index.ts';
import { ConsoleClient } from '../api/client.ts';
import { installEgret } from '../app-setup.ts';
import { createEgretI18n, type Locale } from '../i18n/index.ts';
import { createEgretRouter } from '../router/index.ts';
import { FakeHost, linkStatus, sessionInfo, settle } from './fake-host.ts';
import { ManualTimers } from './manual-timers.ts';

export interface EgretTestApp {
  host: FakeHost;
  client: ConsoleClient;
  timers: ManualTimers;
  router: Router | undefined;
  /** Pass to `mount(..., { global: { plugins: [plugin] } })`. */
  plugin: Plugin;
}

/** A client wired to a scripted host, plus the app plugins, for component tests. */
export function egretTestApp(
  options: { session?: Partial<SessionInfo>; link?: Partial<LinkStatus>; locale?: Locale; withRouter?: boolean; router?: Router } = {},
): EgretTestApp {
  const host = new FakeHost({ session: sessionInfo(options.session), link: linkStatus(options.link) });
  const timers = new ManualTimers();
  const client = new ConsoleClient({ openTransport: host.shell.open, timers, random: () => 0.5 });
  const i18n = createEgretI18n(options.locale ?? 'zh-CN');
  // `router`: a test's own routes (a window's route read by a store); `withRouter`: the app's.
  const router = options.router ?? (options.withRouter ? createEgretRouter(createMemoryHistory()) : undefined);
  const plugin: Plugin = { install: (app) => void installEgret(app, { client, i18n, router, timers }) };
  return { host, client, timers, router, plugin };
}

export { settle };

/**
 * Runs store code inside a bare app with the Egret plugins (stores inject the
 * client, clock and translator), for store tests with no component to mount.
 */
export function storeTestApp(options: Parameters<typeof egretTestApp>[0] = {}) {
  const test = egretTestApp(options);
  const app = createApp({ render: () => null });
  app.use(test.plugin);
  return { ...test, run: <T>(fn: () => T): T => app.runWithContext(fn) };
}
