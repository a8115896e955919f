import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LoggedRequest, MediaFault, RequestLogPage } from '../../../native/simulator/media/index.ts';
import { E2E_MEDIA_CERT } from './demo-media-cert.ts';

/**
 * The demo media server as a test sees it: its request log (`GET /_log`) and
 * its test faults (`POST /_fault`, when the console was started with
 * EGRET_DEMO_MEDIA_FAULTS=1). Over TLS the request trusts exactly the e2e
 * demo certificate (demo-media-cert.ts), or the one given — this request
 * only, nothing process-wide.
 */

export type { LoggedRequest, MediaFault, RequestLogPage };

export interface MediaLog {
  /** The requests numbered `n` or later (the ring keeps the last 20,000). */
  since(n: number): Promise<LoggedRequest[]>;
  /** The number the next request will get: `since(await mark())` is what comes after now. */
  mark(): Promise<number>;
}

/** One request to the media server: status and body text. `ca` is trusted for https origins. */
function ask(url: string, options: { method?: string; body?: string; ca?: string } = {}): Promise<{ status: number; body: string }> {
  const secure = url.startsWith('https:');
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: options.method ?? 'GET',
        agent: false,
        ...(secure ? { ca: options.ca ?? E2E_MEDIA_CERT } : {}),
        ...(options.body !== undefined ? { headers: { 'content-type': 'application/json' } } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function page(origin: string, since: number, ca?: string): Promise<RequestLogPage> {
  const { status, body } = await ask(`${origin}/_log?since=${since}`, ca ? { ca } : {});
  if (status !== 200) throw new Error(`${origin}/_log answered ${status}: ${body}`);
  return JSON.parse(body) as RequestLogPage;
}

/** The request log of the media server at `origin` (the camera stream URLs' origin). */
export function mediaLog(origin: string, options: { ca?: string } = {}): MediaLog {
  return {
    since: async (n) => (await page(origin, n, options.ca)).entries,
    mark: async () => (await page(origin, Number.MAX_SAFE_INTEGER, options.ca)).next,
  };
}

/** Puts `camera` of the media server at `origin` down, stalls it, or heals it (null); throws with the server's reason if refused. */
export async function fault(origin: string, camera: string, which: MediaFault | null, options: { ca?: string } = {}): Promise<void> {
  const { status, body } = await ask(`${origin}/_fault`, { method: 'POST', body: JSON.stringify({ camera, fault: which }), ...options });
  if (status !== 200) throw new Error(`${origin}/_fault refused ${JSON.stringify({ camera, fault: which })} (${status}): ${body.trim()}`);
}
