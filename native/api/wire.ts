import { z } from 'zod';
import { ApiErrorBody } from './errors.ts';

/**
 * Frames on a window's channel (MessagePort or WebSocket). The same shapes
 * travel both ways regardless of transport; the WebSocket transport
 * JSON-encodes them, the MessagePort transport structured-clones them.
 */

/** window → host */
export const ClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('request'), id: z.number().int().nonnegative(), method: z.string(), params: z.unknown().optional() }),
  z.object({ type: z.literal('subscribe'), topic: z.string() }),
  z.object({ type: z.literal('unsubscribe'), topic: z.string() }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

/** host → window */
export type HostFrame =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number | null; ok: false; error: ApiErrorBody }
  | { type: 'event'; topic: string; data: unknown };
