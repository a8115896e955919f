/**
 * Test faults of the demo media server (`POST /_fault`, only when the server
 * is started with `faults: true`): what a real camera gateway does to a wall
 * now and then, on demand, so a test can show that a tile recovers from it.
 *
 * - `down`: every request for the camera answers 503 (the gateway lost it).
 * - `stall`: its live playlists stop advancing (the encoder froze); segments
 *   already listed are still served, so a player plays out its buffer and then
 *   waits for a segment that never comes.
 * - `hang`: every request for the camera is accepted and never answered (a
 *   gateway whose worker for that camera is stuck): no error ever reaches the
 *   player, only silence, so a tile must give up on its own clock. A request
 *   held this way stays open until the client gives up or the server closes;
 *   healing answers the requests that come after it.
 * - `null`: healed; a stalled playlist jumps to the present, as a restarted
 *   encoder's does.
 */

export type MediaFault = 'down' | 'stall' | 'hang';

const FAULT_SHAPE = '{"camera": "<id>", "fault": "down" | "stall" | "hang" | null}';

export interface FaultRequest {
  camera: string;
  fault: MediaFault | null;
}

/** The body of a `POST /_fault`, checked: the request, or why it is refused. */
export function parseFaultRequest(body: string): FaultRequest | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { error: `the body is not JSON; expected ${FAULT_SHAPE}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: `expected an object ${FAULT_SHAPE}` };
  }
  const { camera, fault } = value as Record<string, unknown>;
  if (typeof camera !== 'string' || camera === '') return { error: '"camera" must be a camera id' };
  if (fault !== 'down' && fault !== 'stall' && fault !== 'hang' && fault !== null) {
    return { error: '"fault" must be "down", "stall", "hang" or null' };
  }
  return { camera, fault };
}

/** The faults in force, per camera; a stall remembers when it began (the instant its playlists freeze at). */
export class FaultTable {
  private readonly faults = new Map<string, { fault: MediaFault; sinceMs: number }>();

  set(camera: string, fault: MediaFault | null, nowMs: number): void {
    if (fault === null) this.faults.delete(camera);
    // Setting the same fault again keeps its start: a stall stays frozen where it froze.
    else if (this.faults.get(camera)?.fault !== fault) this.faults.set(camera, { fault, sinceMs: nowMs });
  }

  isDown(camera: string): boolean {
    return this.faults.get(camera)?.fault === 'down';
  }

  isHung(camera: string): boolean {
    return this.faults.get(camera)?.fault === 'hang';
  }

  /** The clock a camera's playlists are rendered at: frozen at the stall's start while stalled. */
  playlistNow(camera: string, nowMs: number): number {
    const f = this.faults.get(camera);
    return f?.fault === 'stall' ? Math.min(f.sinceMs, nowMs) : nowMs;
  }
}
