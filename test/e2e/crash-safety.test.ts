// Crash safety: `ocm apiserver` runs as a child process, takes a stream of writes, is SIGKILLed mid-stream, and restarts
// on the same data directory. Every write it acknowledged must be there, and a watch resumes from its resourceVersion.
import { readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawHttps, spawnServerProcess, tempDir, type ServerProcess } from './support.ts';

const dirs: string[] = [];
const children: ServerProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

interface Credentials { ca: string; cert: string; key: string }

async function credentials(dataDir: string): Promise<Credentials> {
  const [ca, cert, key] = await Promise.all(['ca.crt', 'admin.crt', 'admin.key'].map((f) => readFile(join(dataDir, 'pki', f), 'utf8')));
  return { ca, cert, key };
}

function post(agent: Agent, url: string, path: string, body: unknown): Promise<{ status: number; json: Record<string, any> }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try { resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) }); } catch (err) { reject(err); }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Collects watch events from a resourceVersion until `stop` is called. */
function watchFrom(url: string, creds: Credentials, path: string): { events: { type: string; name: string; rv: number }[]; stop: () => void } {
  const events: { type: string; name: string; rv: number }[] = [];
  let buffered = '';
  const req = request(new URL(path, url), { ...creds, agent: false }, (res) => {
    res.on('data', (c: Buffer) => {
      buffered += c.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line) continue;
        const ev = JSON.parse(line) as { type: string; object: { metadata: { name?: string; resourceVersion?: string } } };
        events.push({ type: ev.type, name: ev.object.metadata.name ?? '', rv: Number(ev.object.metadata.resourceVersion) });
      }
    });
    res.on('error', () => undefined);
  });
  req.on('error', () => undefined);
  req.end();
  return { events, stop: () => req.destroy() };
}

describe('crash safety', () => {
  it('keeps every acknowledged write across SIGKILL and resumes watches from their resourceVersion', async () => {
    const dataDir = await tempDir('ocm-e2e-crash-');
    dirs.push(dataDir);
    const first = await spawnServerProcess(dataDir);
    children.push(first);
    const creds = await credentials(dataDir);
    const created = await rawHttps(first.url, dataDir, 'POST', '/api/v1/namespaces', {
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'stream' } }),
    });
    expect(created.status).toBe(201);

    // A watcher that sees part of the stream before the crash.
    const before = watchFrom(first.url, creds, `/api/v1/namespaces/stream/configmaps?watch=true&resourceVersion=${created.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion}`);

    const agent = new Agent({ ...creds, keepAlive: true, maxSockets: 8 });
    const acked = new Map<string, number>();
    let next = 0;
    let killed = false;
    const writer = async (): Promise<void> => {
      for (;;) {
        const name = `cm-${String(next++).padStart(5, '0')}`;
        try {
          const r = await post(agent, first.url, '/api/v1/namespaces/stream/configmaps',
            { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { n: name } });
          if (r.status === 201) acked.set(name, Number(r.json.metadata.resourceVersion));
          if (acked.size >= 200 && !killed) { killed = true; first.child.kill('SIGKILL'); }
        } catch {
          return; // the server is gone: the stream ends here
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    expect(await first.exited).toBeNull();
    agent.destroy();
    before.stop();
    expect(acked.size).toBeGreaterThanOrEqual(200);
    // Resume from the middle of what the watcher saw before the crash (or from where it started, if it saw nothing).
    const seen = before.events.filter((e) => e.type === 'ADDED');
    const resumeFrom = seen.length > 0 ? seen[Math.floor(seen.length / 2)].rv : Number(created.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion);

    const second = await spawnServerProcess(dataDir);
    children.push(second);
    try {
      const list = await rawHttps(second.url, dataDir, 'GET', '/api/v1/namespaces/stream/configmaps');
      expect(list.status).toBe(200);
      const stored = new Map<string, Record<string, any>>(list.json<{ items: Record<string, any>[] }>().items.map((i: Record<string, any>) => [i.metadata.name, i]));
      const lost = [...acked.keys()].filter((n) => !stored.has(n));
      expect(lost).toEqual([]);
      for (const [name, rv] of acked) {
        expect(stored.get(name)?.data).toEqual({ n: name });
        expect(Number(stored.get(name)?.metadata.resourceVersion)).toBe(rv);
      }

      // A watch resumed from a revision seen before the crash replays exactly the later writes, in order.
      const resumed = watchFrom(second.url, creds, `/api/v1/namespaces/stream/configmaps?watch=true&resourceVersion=${resumeFrom}`);
      const expected = [...stored.values()].filter((o) => Number(o.metadata.resourceVersion) > resumeFrom).map((o) => o.metadata.name as string).sort();
      for (let i = 0; i < 200 && resumed.events.filter((e) => e.type === 'ADDED').length < expected.length; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      resumed.stop();
      const replayed = resumed.events.filter((e) => e.type === 'ADDED');
      expect(replayed.map((e) => e.name).sort()).toEqual(expected);
      expect(replayed.every((e) => e.rv > resumeFrom)).toBe(true);
      expect(replayed.map((e) => e.rv)).toEqual([...replayed.map((e) => e.rv)].sort((a, b) => a - b));
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
