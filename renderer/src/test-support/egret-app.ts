import type { Plugin } from 'vue';
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
  options: { session?: Partial<SessionInfo>; link?: Partial<LinkStatus>; locale?: Locale; withRouter?: boolean } = {},
): EgretTestApp {
  const host = new FakeHost({ session: sessionInfo(options.session), link: linkStatus(options.link) });
  const timers = new ManualTimers();
  const client = new ConsoleClient({ openTransport: host.shell.open, timers, random: () => 0.5 });
  const i18n = createEgretI18n(options.locale ?? 'zh-CN');
  const router = options.withRouter ? createEgretRouter(createMemoryHistory()) : undefined;
  const plugin: Plugin = { install: (app) => void installEgret(app, { client, i18n, router }) };
  return { host, client, timers, router, plugin };
}

export { settle };
