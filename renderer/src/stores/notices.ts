import { defineStore } from 'pinia';
import { onScopeDispose, shallowRef } from 'vue';
import { useConsoleClient, useTimers } from '../api/inject.ts';

export type NoticeLevel = 'info' | 'warn' | 'error';

export interface Notice {
  key: number;
  level: NoticeLevel;
  /** Epoch ms or ISO time the notice refers to. */
  at: string;
  /** Text from the host or platform, shown as it came. */
  message: string;
  /** For a failed command: which one and the platform's code. */
  command: { name: string; code: string | null } | null;
}

/** More than this on screen helps nobody; the oldest give way. */
export const MAX_NOTICES = 6;
/** Info notices go by themselves; warnings and failures stay until dismissed. */
export const INFO_NOTICE_MS = 10_000;

/** Operator-visible notices: `link.notice` items and this console's failed commands. */
export const useNoticesStore = defineStore('notices', () => {
  const client = useConsoleClient();
  const timers = useTimers();
  const items = shallowRef<readonly Notice[]>([]);
  const expiries = new Map<number, unknown>();
  let nextKey = 1;

  function add(notice: Omit<Notice, 'key'>): void {
    const key = nextKey++;
    const next = [...items.value, { ...notice, key }];
    for (const dropped of next.slice(0, Math.max(0, next.length - MAX_NOTICES))) forget(dropped.key);
    items.value = next.slice(-MAX_NOTICES);
    if (notice.level === 'info')
      expiries.set(
        key,
        timers.setTimeout(() => dismiss(key), INFO_NOTICE_MS),
      );
  }

  function forget(key: number): void {
    const timer = expiries.get(key);
    if (timer !== undefined) timers.clearTimeout(timer);
    expiries.delete(key);
  }

  function dismiss(key: number): void {
    forget(key);
    items.value = items.value.filter((n) => n.key !== key);
  }

  const offNotices = client.subscribe('link.notice', (batch) => {
    for (const n of batch) add({ level: n.level, at: n.at, message: n.message, command: null });
  });
  // Successes need no toast: the change itself shows up on the board.
  const offResults = client.subscribe('command.result', (batch) => {
    for (const r of batch) {
      if (r.ok) continue;
      add({ level: 'error', at: new Date(timers.now()).toISOString(), message: r.message ?? '', command: { name: r.name, code: r.code } });
    }
  });
  onScopeDispose(() => {
    offNotices();
    offResults();
    for (const key of [...expiries.keys()]) forget(key);
  });

  return { items, dismiss };
});
