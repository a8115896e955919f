import { timeAfter } from './time.ts';

/**
 * The platform's supervision rules (督办时限): how long an incident of each
 * priority may stay open before it is overdue. One table for the whole
 * platform, so an incident a console files (`incident.create`, §7 v1.1) and
 * one the demo city files get the same deadline.
 */
export const SUPERVISION_MS: Readonly<Record<1 | 2 | 3 | 4, number>> = {
  1: 30 * 60_000,
  2: 2 * 3_600_000,
  3: 24 * 3_600_000,
  4: 72 * 3_600_000,
};

/** `due_at` of an incident of `priority` reported at `reportedAt` (the spec's `Time`, written in the same zone). */
export function dueAt(priority: 1 | 2 | 3 | 4, reportedAt: string): string {
  return timeAfter(reportedAt, SUPERVISION_MS[priority]);
}
