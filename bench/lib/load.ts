// The load generator used for every HTTPS figure: N concurrent clients over keep-alive connections, each sending
// its next request as soon as the previous answer arrives.
import { Agent, request } from 'node:https';

export interface TlsClient { ca: string; cert: string; key: string }

export interface Response { status: number; body: string }

export function send(agent: Agent, url: string, method: string, path: string, body?: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const req = request(new URL(path, url), { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function keepAliveAgent(tls: TlsClient, sockets: number): Agent {
  return new Agent({ ...tls, keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
}

export interface LoadResult { requests: number; ok: number; seconds: number; perSecond: number; p50Ms: number; p99Ms: number; latencies: number[] }

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs `clients` concurrent request loops for `durationMs`; `next(i)` builds request i. */
export async function runLoad(agent: Agent, url: string, clients: number, durationMs: number,
  next: (i: number) => { method: string; path: string; body?: string }, okStatus: number): Promise<LoadResult> {
  let issued = 0;
  let ok = 0;
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + durationMs;
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const req = next(issued++);
      const t0 = performance.now();
      const res = await send(agent, url, req.method, req.path, req.body);
      latencies.push(performance.now() - t0);
      if (res.status === okStatus) ok++;
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: issued, ok, seconds, perSecond: ok / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), latencies };
}

/** Adds up load slices run at different times. */
export function combine(slices: LoadResult[]): LoadResult {
  const latencies = slices.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const requests = slices.reduce((n, s) => n + s.requests, 0);
  const ok = slices.reduce((n, s) => n + s.ok, 0);
  const seconds = slices.reduce((n, s) => n + s.seconds, 0);
  return { requests, ok, seconds, perSecond: ok / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), latencies };
}
