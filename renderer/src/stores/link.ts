import { defineStore } from 'pinia';
import { computed, onScopeDispose, shallowRef } from 'vue';
import type { LinkState, LinkStatus } from '../../../native/api/index.ts';
import { useConsoleClient } from '../api/inject.ts';
import { useEgretI18n } from '../i18n/inject.ts';
import { latestWins } from './live-query.ts';

/** How the status bar colours a link state; text always goes with it. */
export type LinkTone = 'ok' | 'pending' | 'fault' | 'idle';

export const LINK_TONE: { readonly [S in LinkState]: LinkTone } = {
  live: 'ok',
  connecting: 'pending',
  snapshot: 'pending',
  offline: 'fault',
  unauthorized: 'fault',
  update_required: 'fault',
  unconfigured: 'idle',
  signed_out: 'idle',
};

/** The platform link as the host reports it on the `link.status` topic. */
export const useLinkStore = defineStore('link', () => {
  const client = useConsoleClient();
  const i18n = useEgretI18n();
  const status = shallowRef<LinkStatus | null>(null);
  /** A push is newer than any read still on its way. */
  const reads = latestWins();

  const offTopic = client.subscribe('link.status', (next) => {
    status.value = next;
    reads.drop();
  });

  /** Reads the status once; a push that lands meanwhile is newer and wins. */
  async function refresh(): Promise<void> {
    const wanted = reads.next();
    try {
      const result = await client.call('link.status', {});
      if (wanted()) status.value = result;
    } catch {
      // The connection store already tells the operator the host is unreachable.
    }
  }

  const offStatus = client.onStatusChange((connection) => {
    if (connection.state === 'connected') void refresh();
  });
  onScopeDispose(() => {
    offTopic();
    offStatus();
  });

  const state = computed(() => status.value?.state ?? null);
  const cursor = computed(() => status.value?.cursor ?? null);
  const head = computed(() => status.value?.head ?? null);
  const lag = computed(() => status.value?.lag ?? null);
  const progress = computed(() => status.value?.progress ?? null);
  const retryAt = computed(() => status.value?.retryAt ?? null);
  const outbox = computed(() => status.value?.outbox ?? 0);
  const quarantine = computed(() => status.value?.quarantine ?? 0);
  const lastError = computed(() => status.value?.lastError ?? null);
  const tone = computed<LinkTone>(() => (state.value ? LINK_TONE[state.value] : 'idle'));
  const label = computed(() => {
    const t = i18n.global.t;
    return state.value ? t(`link.state.${state.value}`) : t('link.unknown');
  });

  return { status, state, cursor, head, lag, progress, retryAt, outbox, quarantine, lastError, tone, label, refresh };
});
