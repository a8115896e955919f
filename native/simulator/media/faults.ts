/**
 * Test faults of the demo media server (`POST /_fault`, only when the server
 * is started with `faults: true`): what a real camera gateway does to a wall
 * now and then, on demand, so a test can show that a tile recovers from it.
 *
 * - `down`: every request for the camera answers 503 (the gateway lost it).
 * - `stall`: its live playlists stop advancing (the encoder froze); segments
 *   already listed are still served, so a player plays out its buffer and then
 *   waits for a segment that never comes.
 * - `null`: healed; a stalled playlist jumps to the present, as a restarted
 *   encoder's does.
 */

export type MediaFault = 'down' | 'stall';

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
    return { error: 'the body is not JSON; expected {"camera": "<id>", "fault": "down" | "stall" | null}' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'expected an object {"camera": "<id>", "fault": "down" | "stall" | null}' };
  }
  const { camera, fault } = value as Record<string, unknown>;
  if (typeof camera !== 'string' || camera === '') return { error: '"camera" must be a camera id' };
  if (fault !== 'down' && fault !== 'stall' && fault !== null) return { error: '"fault" must be "down", "stall" or null' };
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

  /** The clock a camera's playlists are rendered at: frozen at the stall's start while stalled. */
  playlistNow(camera: string, nowMs: number): number {
    const f = this.faults.get(camera);
    return f?.fault === 'stall' ? Math.min(f.sinceMs, nowMs) : nowMs;
  }
}
