import { readableCode } from './readable.ts';
import { termName } from './terms.ts';
import { isKeySegment, type Words } from './words.ts';

/** A platform command (`incident.create`) by its action's name: "新建事件", "Create incident". */
export function commandName(words: Words, name: string): string {
  const parts = name.split('.');
  const key = `names.command.${name}`;
  if (parts.length === 2 && parts.every(isKeySegment) && words.te(key)) return words.t(key);
  return readableCode(parts.at(-1) ?? name);
}

export type OutcomeKind = 'queued' | 'applied' | 'refused' | 'failed' | 'other';

export interface CommandOutcomeName {
  kind: OutcomeKind;
  /** What an operator reads. */
  text: string;
  /** Refused or failed: only these are shown as errors; queued and applied are how it should go. */
  failed: boolean;
}

/**
 * What became of a command, as this workstation's audit log writes it
 * (native/host/command-queue.ts and the link's results): `queued`, `queued:
 * role unverified`, `applied`, `refused: <code>`, `failed: <code>`.
 */
export function commandOutcome(words: Words, result: string): CommandOutcomeName {
  const [head = '', ...tail] = result.split(':');
  const detail = tail.join(':').trim();
  switch (head.trim()) {
    case 'queued':
      return { kind: 'queued', text: words.t(detail ? 'names.outcome.queuedUnverified' : 'names.outcome.queued'), failed: false };
    case 'applied':
      return { kind: 'applied', text: words.t('names.outcome.applied'), failed: false };
    case 'refused':
      return { kind: 'refused', text: words.t('names.outcome.refused', { reason: reason(words, detail) }), failed: true };
    case 'failed':
      return { kind: 'failed', text: words.t('names.outcome.failed', { reason: reason(words, detail) }), failed: true };
    default:
      return { kind: 'other', text: readableCode(result), failed: false };
  }
}

function reason(words: Words, code: string): string {
  return code ? termName(words, 'error', code) : termName(words, 'error', 'unknown');
}
