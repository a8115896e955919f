import { checkEntity, isEntityKind } from '../../native/protocol/entities.ts';
import { RawClient, type SeenFrame } from '../../native/simulator/raw-client.ts';

/**
 * A deliberately small console used by the simulator's own tests: it follows
 * the rules of Platform Link v1 §2–§4 (atomic snapshot, gaps, stale upserts
 * with tombstones, quarantine, frames without seq, reconnect) in memory, so a
 * fault can be checked end to end: after the fault, this console reconnects,
 * catches up, and its state equals `platform.exportState(kind)`.
 * It is not the real console and makes no claim beyond these tests.
 */
export class TestConsole {
  cursor: number | null = null;
  readonly state = new Map<string, Map<string, Record<string, unknown>>>();
  readonly tombstones = new Map<string, number>();
  readonly quarantine: { seq: number | null; reason: string }[] = [];
  /** Why each connection ended, in order. */
  readonly disconnects: string[] = [];
  connections = 0;
  client: RawClient | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly url: string,
    private readonly token = 'demo-chief',
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.close();
    this.wake?.();
    await this.loop;
  }

  export(kind: string): Record<string, unknown>[] {
    const rows = [...(this.state.get(kind)?.entries() ?? [])].map(([id, data]) => ({ key: Buffer.from(id), data }));
    rows.sort((a, b) => Buffer.compare(a.key, b.key));
    return rows.map((r) => r.data);
  }

  /** Resolves when the cursor has reached `seq`. */
  async waitForCursor(seq: number, timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    while ((this.cursor ?? -1) < seq) {
      if (Date.now() - start > timeoutMs) throw new Error(`cursor ${this.cursor} did not reach ${seq}`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 20);
      });
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let client: RawClient;
      try {
        client = await RawClient.connect(this.url);
      } catch {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      this.client = client;
      this.connections += 1;
      const reason = await this.session(client);
      this.disconnects.push(reason);
      if (reason.startsWith('stop:')) return;
    }
  }

  /** One connection; returns why it ended. */
  private async session(client: RawClient): Promise<string> {
    client.hello(this.token, this.cursor, { topics: ['incident', 'incident_event', 'call', 'camera', 'department', 'volunteer', 'road'] });
    let index = 0;
    let staging: { asOf: number; items: unknown[] } | null = null;
    let welcomed = false;
    for (;;) {
      let frame: SeenFrame;
      try {
        frame = await client.waitFor(() => true, { from: index, timeoutMs: 60_000 });
      } catch {
        const info = await client.closed;
        if (info.code === 4401 || info.code === 4426) {
          this.stopped = true;
          return `stop:${info.code}`;
        }
        return this.stopped ? 'stop:requested' : `closed:${info.code}`;
      }
      index += 1;
      const fail = (why: string) => {
        client.ws.close(4000, why);
        return `error:${why}`;
      };
      switch (frame.t) {
        case 'welcome':
          welcomed = true;
          break;
        case 'reset':
          this.cursor = null;
          return fail('reset');
        case 'snapshot': {
          if (!welcomed) return fail('snapshot before welcome');
          if (frame.part === 0) staging = { asOf: frame.as_of as number, items: [] };
          if (!staging) return fail('snapshot part out of order');
          staging.items.push(...(frame.items as unknown[]));
          if (frame.last) {
            this.applySnapshot(staging.asOf, staging.items);
            staging = null;
            client.ack(this.cursor!);
          }
          break;
        }
        case 'changes': {
          if (staging || this.cursor === null) return fail('changes before snapshot end');
          const items = frame.items as Record<string, unknown>[];
          if (!items.every((i) => Number.isInteger(i.seq))) return fail('item without seq');
          for (const item of items) {
            const seq = item.seq as number;
            if (seq <= this.cursor!) continue;
            if (seq > this.cursor! + 1) return fail('gap');
            this.applyChange(item);
            this.cursor = seq;
          }
          client.ack(this.cursor!);
          this.wake?.();
          break;
        }
        default:
          break;
      }
    }
  }

  private applySnapshot(asOf: number, items: unknown[]): void {
    this.state.clear();
    this.tombstones.clear();
    for (const raw of items) {
      const { kind, data } = raw as { kind: string; data: unknown };
      if (!isEntityKind(kind)) {
        this.quarantine.push({ seq: null, reason: `unknown kind ${kind}` });
        continue;
      }
      const checked = checkEntity(kind, data);
      if (!checked.ok) {
        this.quarantine.push({ seq: null, reason: checked.reason });
        continue;
      }
      this.kind(kind).set((data as { id: string }).id, data as Record<string, unknown>);
    }
    this.cursor = asOf;
    this.wake?.();
  }

  private applyChange(item: Record<string, unknown>): void {
    const kind = item.kind as string;
    const seq = item.seq as number;
    if (!isEntityKind(kind)) return void this.quarantine.push({ seq, reason: `unknown kind ${kind}` });
    if (item.op === 'delete') {
      const id = item.id as string;
      this.kind(kind).delete(id);
      this.tombstones.set(`${kind}/${id}`, item.rev as number);
      return;
    }
    const checked = checkEntity(kind, item.data);
    if (!checked.ok) return void this.quarantine.push({ seq, reason: checked.reason });
    const data = item.data as Record<string, unknown> & { id: string; rev: number };
    const current = this.kind(kind).get(data.id);
    const dead = this.tombstones.get(`${kind}/${data.id}`);
    if (current && data.rev < (current.rev as number)) return;
    if (!current && dead !== undefined && data.rev <= dead) return;
    this.tombstones.delete(`${kind}/${data.id}`);
    this.kind(kind).set(data.id, data);
  }

  private kind(kind: string): Map<string, Record<string, unknown>> {
    let m = this.state.get(kind);
    if (!m) this.state.set(kind, (m = new Map()));
    return m;
  }
}
