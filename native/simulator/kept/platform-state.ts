import { photoFile } from '../city/photo.ts';
import type { Platform } from '../server.ts';
import type { KeptAttachment, KeptEntities, KeptPlatform, KeptPlatformHead } from './state-file.ts';

/**
 * How many of the log's last entries are kept: a console whose cursor is at
 * most this far behind the kept head resumes by replay after a restart (one
 * further behind takes a snapshot, as it would from a running platform that
 * kept no more). The embedded console is at the head when it closes (it acks
 * within a second); ten thousand leaves room for one that was away a while,
 * at a few MB of the file.
 */
export const KEPT_LOG_TAIL = 10_000;

/**
 * How many command results are kept, newest last: a console re-sends after a
 * restart what it had no result for (spec §7), and gets the first result
 * again instead of the command being applied twice. Its outbox holds at most
 * what an operator did since it last heard the platform — far fewer.
 */
export const KEPT_COMMANDS = 20_000;

/**
 * An archive entity as it was delivered (city/archive.ts ids, rev 1): made
 * again from the seed at the next start (restoreArchive), so not kept — 28
 * days of it would be most of the file and of a warm start's reading. One a
 * console changed (a note on an old incident) is kept like any other.
 */
function regenerable(kind: string, item: Record<string, unknown>): boolean {
  return (kind === 'incident' || kind === 'call') && item.rev === 1 && typeof item.id === 'string' && item.id.startsWith('arc-');
}

/** What to keep of `platform` now. */
export function keepPlatform(platform: Platform): KeptPlatform {
  const attachments: KeptAttachment[] = [];
  for (const [id, file] of platform.attachments) {
    // The city's photos are drawn from a seed when first asked for (city/photo.ts): the seed is kept.
    const seed = (file as { seed?: unknown }).seed;
    attachments.push(typeof seed === 'number' ? { id, seed } : { id, mime: file.mime, base64: file.bytes.toString('base64') });
  }
  const commands = [...platform.commandLog.values()].slice(-KEPT_COMMANDS);
  const log = platform.log.keep(KEPT_LOG_TAIL);
  const entities = log.entities.map(({ kind, items }) =>
    kind === 'incident' || kind === 'call' ? { kind, items: items.filter((item) => !regenerable(kind, item)) } : { kind, items },
  );
  return { ...log, entities, commands, attachments };
}

/**
 * Gives a platform that has served nobody yet the head of the kept state:
 * its head and log tail (replayable), tombstones, command ledger and
 * attachments — everything but the entities, which follow (restoreEntities).
 */
export function restorePlatform(platform: Platform, kept: KeptPlatformHead): void {
  platform.log.restore(kept);
  platform.commandLog.clear();
  for (const record of kept.commands) platform.commandLog.set(record.id, record);
  platform.attachments.clear();
  for (const a of kept.attachments) {
    platform.attachments.set(a.id, 'seed' in a ? photoFile(a.seed) : { mime: a.mime, bytes: Buffer.from(a.base64, 'base64') });
  }
}

/** Gives the platform some of its kept entities (after restorePlatform). */
export function restoreEntities(platform: Platform, kept: KeptEntities): void {
  platform.log.restoreEntities(kept.kind, kept.items);
}
