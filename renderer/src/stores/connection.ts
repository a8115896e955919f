import { defineStore } from 'pinia';
import { computed, onScopeDispose, shallowRef } from 'vue';
import { useConsoleClient } from '../api/inject.ts';
import type { ApiCallError } from '../api/api-call-error.ts';

/** This window's connection to the console host (not the platform link). */
export const useConnectionStore = defineStore('connection', () => {
  const client = useConsoleClient();
  const status = shallowRef(client.status);
  const lastHostError = shallowRef<ApiCallError | null>(null);

  const offStatus = client.onStatusChange((next) => {
    status.value = next;
  });
  const offHostError = client.onHostError((error) => {
    lastHostError.value = error;
  });
  onScopeDispose(() => {
    offStatus();
    offHostError();
  });

  const state = computed(() => status.value.state);
  const connected = computed(() => status.value.state === 'connected');
  const lost = computed(() => status.value.state === 'lost');

  return { status, state, connected, lost, lastHostError };
});
