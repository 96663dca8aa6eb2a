import { request } from 'node:https';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, Watch } from '@kubernetes/client-node';
import { startTestServer } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';

interface Stream {
  status: number;
  lines: any[];
  /** Resolves once `n` JSON lines have arrived. */
  waitFor(n: number): Promise<any[]>;
  ended: Promise<void>;
  close(): void;
}

/** Opens a raw watch and collects its JSON lines. */
async function openStream(t: TestServer, path: string, headers: Record<string, string> = {}): Promise<Stream> {
  const pki = join(t.dataDir, 'pki');
  const [ca, cert, key] = await Promise.all(['ca.crt', 'admin.crt', 'admin.key'].map((f) => readFile(join(pki, f), 'utf8')));
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, t.server.url), { ca, cert, key, headers, agent: false }, (res) => {
      const lines: any[] = [];
      const waiters: { n: number; resolve: (l: any[]) => void }[] = [];
      let buffer = '';
      let endResolve!: () => void;
      const ended = new Promise<void>((r) => (endResolve = r));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line) lines.push(JSON.parse(line));
        }
        for (const w of [...waiters]) if (lines.length >= w.n) w.resolve(lines.slice());
      });
      res.on('end', endResolve);
      res.on('close', endResolve);
      resolve({
        status: res.statusCode ?? 0,
        lines,
        ended,
        waitFor: (n) => (lines.length >= n ? Promise.resolve(lines.slice()) : new Promise((r) => waiters.push({ n, resolve: r }))),
        close: () => req.destroy(),
      });
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    req.end();
  });
}

const CMS = '/api/v1/namespaces/default/configmaps';

describe('watch', () => {
  let t: TestServer;
  let core: CoreV1Api;
  beforeAll(async () => {
    t = await startTestServer();
    core = t.kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('streams ADDED / MODIFIED / DELETED to client-node Watch', async () => {
    const events: [string, string][] = [];
    const watch = new Watch(t.kc);
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    let done!: () => void;
    const sawDelete = new Promise<void>((r) => (done = r));
    const ctrl = await watch.watch(`${CMS}`, { resourceVersion: list.metadata?.resourceVersion }, (type, obj) => {
      events.push([type, obj.metadata.name]);
      if (type === 'DELETED') done();
    }, () => undefined);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'w1' } } });
    await core.patchNamespacedConfigMap({ name: 'w1', namespace: 'default', body: [{ op: 'add', path: '/data', value: { a: '1' } }] });
    await core.deleteNamespacedConfigMap({ name: 'w1', namespace: 'default' });
    await sawDelete;
    ctrl.abort();
    expect(events).toEqual([['ADDED', 'w1'], ['MODIFIED', 'w1'], ['DELETED', 'w1']]);
  });

  it('replays from a resourceVersion and sends current objects when none is given', async () => {
    const a = (await t.raw('POST', CMS, { body: JSON.stringify({ metadata: { name: 'r1' } }) })).json<any>();
    await t.raw('POST', CMS, { body: JSON.stringify({ metadata: { name: 'r2' } }) });
    const resumed = await openStream(t, `${CMS}?watch=true&resourceVersion=${a.metadata.resourceVersion}`);
    expect(resumed.status).toBe(200);
    const [ev] = await resumed.waitFor(1);
    expect(ev).toMatchObject({ type: 'ADDED', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'r2' } } });
    resumed.close();
    const fresh = await openStream(t, `${CMS}?watch=1&labelSelector=`);
    const initial = await fresh.waitFor(2);
    expect(initial.map((e) => e.object.metadata.name)).toEqual(expect.arrayContaining(['r1', 'r2']));
    expect(initial.every((e) => e.type === 'ADDED')).toBe(true);
    fresh.close();
  });

  it('implements WatchList: initial events, then the initial-events-end bookmark, then live events', async () => {
    await t.raw('POST', CMS, { body: JSON.stringify({ metadata: { name: 'wl' } }) });
    const s = await openStream(t, `${CMS}?allowWatchBookmarks=true&fieldSelector=metadata.name%3Dwl&resourceVersionMatch=NotOlderThan&sendInitialEvents=true&timeoutSeconds=60&watch=true`);
    const [added, bookmark] = await s.waitFor(2);
    expect(added).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'wl' } } });
    expect(bookmark).toMatchObject({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
    expect(Number(bookmark.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(added.object.metadata.resourceVersion));
    await t.raw('DELETE', `${CMS}/wl`);
    await t.raw('POST', CMS, { body: JSON.stringify({ metadata: { name: 'other' } }) });
    const lines = await s.waitFor(3);
    expect(lines[2]).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'wl' } } });
    s.close();
  });

  it('turns selector transitions into ADDED / DELETED', async () => {
    await t.raw('POST', CMS, { body: JSON.stringify({ metadata: { name: 'sel', labels: { on: 'no' } } }) });
    const s = await openStream(t, `${CMS}?watch=true&labelSelector=on%3Dyes&resourceVersion=${(await t.raw('GET', CMS)).json<any>().metadata.resourceVersion}`);
    const patch = (v: string) => t.raw('PATCH', `${CMS}/sel`, { headers: { 'Content-Type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { labels: { on: v } } }) });
    await patch('yes');
    await patch('no');
    const lines = await s.waitFor(2);
    expect(lines.map((l) => l.type)).toEqual(['ADDED', 'DELETED']);
    s.close();
  });

  it('sends one-row Tables for `kubectl get -w`', async () => {
    const rv = (await t.raw('GET', CMS)).json<any>().metadata.resourceVersion;
    const s = await openStream(t, `${CMS}?resourceVersion=${rv}&watch=true`, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    await t.raw('POST', CMS, { body: JSON.stringify({ metadata: { name: 'tw' } }) });
    const [ev] = await s.waitFor(1);
    expect(ev.type).toBe('ADDED');
    expect(ev.object).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect(ev.object.rows).toHaveLength(1);
    expect(ev.object.rows[0].cells[0]).toBe('tw');
    expect(ev.object.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'tw' } });
    s.close();
  });

  it('delivers a burst of events (deletecollection) complete and in revision order', async () => {
    await t.raw('POST', '/api/v1/namespaces', { body: JSON.stringify({ metadata: { name: 'burst' } }) });
    for (let i = 0; i < 20; i++) {
      await t.raw('POST', '/api/v1/namespaces/burst/configmaps', { body: JSON.stringify({ metadata: { name: `b${i}`, labels: { g: 'x' } } }) });
    }
    const rv = (await t.raw('GET', '/api/v1/namespaces/burst/configmaps')).json<any>().metadata.resourceVersion;
    const s = await openStream(t, `/api/v1/namespaces/burst/configmaps?watch=true&resourceVersion=${rv}`);
    await t.raw('DELETE', '/api/v1/namespaces/burst/configmaps?labelSelector=g%3Dx');
    const lines = await s.waitFor(20);
    expect(lines.every((l) => l.type === 'DELETED')).toBe(true);
    const revisions = lines.map((l) => Number(l.object.metadata.resourceVersion));
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(lines.map((l) => l.object.metadata.name)).size).toBe(20);
    s.close();
  });

  it('ends the stream after timeoutSeconds', async () => {
    const s = await openStream(t, `${CMS}?watch=true&timeoutSeconds=1&resourceVersion=${(await t.raw('GET', CMS)).json<any>().metadata.resourceVersion}`);
    await s.ended;
    expect(s.status).toBe(200);
  });
});

describe('watch from a compacted resourceVersion', () => {
  it('answers 200 with one ERROR 410 Expired line and closes', async () => {
    const t = await startTestServer({ retention: { retainRevisions: 1, retainMs: 0, compactIntervalMs: 20 } });
    try {
      for (let i = 0; i < 5; i++) await t.raw('POST', CMS, { body: JSON.stringify({ metadata: { name: `c${i}` } }) });
      await new Promise((r) => setTimeout(r, 200));
      const s = await openStream(t, `${CMS}?watch=true&resourceVersion=1`);
      await s.ended;
      expect(s.status).toBe(200);
      expect(s.lines).toHaveLength(1);
      expect(s.lines[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 } });
      expect(s.lines[0].object.message).toMatch(/^too old resource version: 1 \(\d+\)$/);
    } finally {
      await t.stop();
    }
  });
});
