import { onScopeDispose } from 'vue';
import type { TopicName, TopicPayload } from '../../../native/api/index.ts';
import { useConsoleClient } from '../api/inject.ts';

/** Listens to a console topic for as long as the calling component (or scope) lives. */
export function useTopic<T extends TopicName>(topic: T, cb: (payload: TopicPayload<T>) => void): void {
  const off = useConsoleClient().subscribe(topic, cb);
  onScopeDispose(off);
}
