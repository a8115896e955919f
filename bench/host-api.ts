import WebSocket from 'ws';

/**
 * The console API over its WebSocket, as a window of the served page speaks
 * it (same origin, the run's token): enough for a benchmark to drive the host
 * (`wall.set`, `map.cameras`) beside the page it measures. Requests only; an
 * error answer rejects with its code and message.
 */
export interface HostApi {
  call<T = unknown>(method: string, params?: unknown): Promise<T>;
  close(): void;
}

const ANSWER_TIMEOUT_MS = 30_000;

/** Opens the API of the console served at `url` (`http://127.0.0.1:P/?token=T`, as `egret serve` prints it). */
export function openHostApi(url: string): Promise<HostApi> {
  const page = new URL(url);
  const token = page.searchParams.get('token');
  if (!token) throw new Error(`no token in ${url}`);
  const ws = new WebSocket(`ws://${page.host}/api?token=${encodeURIComponent(token)}`, { origin: page.origin, handshakeTimeout: 30_000 });
  const waiting = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void; timer: NodeJS.Timeout }>();
  let next = 1;
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString('utf8')) as {
      type: string;
      id?: number;
      ok?: boolean;
      result?: unknown;
      error?: { code: string; message: string };
    };
    if (frame.type !== 'response' || frame.id === undefined) return;
    const w = waiting.get(frame.id);
    if (!w) return;
    waiting.delete(frame.id);
    clearTimeout(w.timer);
    if (frame.ok) w.ok(frame.result);
    else w.fail(new Error(`${frame.error?.code}: ${frame.error?.message}`));
  });
  ws.on('close', () => {
    for (const w of waiting.values()) w.fail(new Error('the console API closed'));
    waiting.clear();
  });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        call: <T>(method: string, params: unknown = {}) =>
          new Promise<T>((ok, fail) => {
            const id = next++;
            const timer = setTimeout(() => {
              waiting.delete(id);
              fail(new Error(`${method}: no answer in ${ANSWER_TIMEOUT_MS / 1000} s`));
            }, ANSWER_TIMEOUT_MS);
            waiting.set(id, { ok: ok as (v: unknown) => void, fail, timer });
            ws.send(JSON.stringify({ type: 'request', id, method, params }));
          }),
        close: () => ws.close(1000, 'bench done'),
      }),
    );
  });
}
