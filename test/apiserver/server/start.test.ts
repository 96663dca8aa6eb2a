import { readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { newDataDir, rawRequest, startTestServer, statusOf } from './harness.ts';
import type { TestServer } from './harness.ts';

describe('API server start, TLS and kubeconfig', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ clusters: ['east'] });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('writes a kubeconfig with a hub context and one per virtual cluster, current-context hub', async () => {
    const doc = parse(await readFile(t.server.kubeconfigPath, 'utf8')) as Record<string, any>;
    expect(doc['current-context']).toBe('hub');
    const servers = Object.fromEntries(doc.clusters.map((c: any) => [c.name, c.cluster.server]));
    expect(servers).toEqual({ hub: t.server.url, east: `${t.server.url}/clusters/east` });
    expect(doc.clusters[0].cluster['certificate-authority-data']).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(doc.users[0].user['client-certificate-data']).toBeTruthy();
    expect(doc.users[0].user['client-key-data']).toBeTruthy();
    expect(doc.contexts.map((c: any) => c.name)).toEqual(['hub', 'east']);
  });

  it('serves /version and health checks without a client certificate', async () => {
    const v = await t.raw('GET', '/version', { cert: false });
    expect(v.status).toBe(200);
    expect(v.headers['content-type']).toBe('application/json');
    expect(v.json()).toMatchObject({ major: '1', minor: '35', gitVersion: expect.stringMatching(/^v1\.35\./) });
    for (const path of ['/healthz', '/livez', '/readyz']) {
      const r = await t.raw('GET', path, { cert: false });
      expect([r.status, r.body]).toEqual([200, 'ok']);
    }
  });

  it('answers 401 with a Status to a client without a certificate from our CA', async () => {
    const r = await t.raw('GET', '/api/v1/namespaces', { cert: false });
    expect(r.status).toBe(401);
    expect(r.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it('treats a client certificate from another CA as no certificate', async () => {
    const other = await startTestServer();
    try {
      const [ca, cert, key] = await Promise.all([
        readFile(`${t.dataDir}/pki/ca.crt`, 'utf8'),
        readFile(`${other.dataDir}/pki/admin.crt`, 'utf8'),
        readFile(`${other.dataDir}/pki/admin.key`, 'utf8'),
      ]);
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(new URL('/api/v1/namespaces', t.server.url), { ca, cert, key, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(401);
    } finally {
      await other.stop();
    }
  });

  it('lets client-node connect through the kubeconfig and see the system namespaces', async () => {
    const core = t.kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespace();
    expect(list.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']));
    const ns = await core.readNamespace({ name: 'default' });
    expect(ns.status?.phase).toBe('Active');
    expect(ns.spec?.finalizers).toEqual(['kubernetes']);
  });
});

describe('listening on another host name', () => {
  it('serves https://localhost:PORT with a certificate valid for that name', async () => {
    const t = await startTestServer({ host: 'localhost' });
    try {
      expect(t.server.url).toMatch(/^https:\/\/localhost:\d+$/);
      const list = await t.kc.makeApiClient(CoreV1Api).listNamespace();
      expect(list.items.length).toBeGreaterThan(0);
    } finally {
      await t.stop();
    }
  });
});

describe('restart on the same data directory', () => {
  it('reuses the CA and keeps objects; the old kubeconfig credentials still work', async () => {
    const dataDir = await newDataDir();
    try {
      const first = await startTestServer({ dataDir, clusters: ['west'] });
      const caBefore = await readFile(`${dataDir}/pki/ca.crt`, 'utf8');
      await first.kcFor('west').makeApiClient(CoreV1Api).createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'survivor' }, data: { a: '1' } },
      });
      await first.stop();

      const second = await startTestServer({ dataDir });
      expect(await readFile(`${dataDir}/pki/ca.crt`, 'utf8')).toBe(caBefore);
      const cm = await second.kcFor('west').makeApiClient(CoreV1Api).readNamespacedConfigMap({ name: 'survivor', namespace: 'default' });
      expect(cm.data).toEqual({ a: '1' });
      // the hub does not see the managed cluster's objects
      const hubErr = await second.kc.makeApiClient(CoreV1Api).readNamespacedConfigMap({ name: 'survivor', namespace: 'default' }).catch((e) => e);
      expect(statusOf(hubErr)).toMatchObject({ code: 404, reason: 'NotFound', message: 'configmaps "survivor" not found' });
      await second.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('virtual clusters added and removed at run time', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('adds a cluster by function and by the admin endpoint, lists them, and drops data on removal', async () => {
    await t.server.addCluster('one');
    const created = await t.raw('POST', '/admin/clusters/two');
    expect(created.status).toBe(201);
    const listed = await t.raw('GET', '/admin/clusters');
    expect(listed.json()).toEqual({ clusters: ['one', 'two'] });
    const kubeconfig = parse(await readFile(t.server.kubeconfigPath, 'utf8')) as Record<string, any>;
    expect(kubeconfig.contexts.map((c: any) => c.name)).toEqual(['hub', 'one', 'two']);

    const two = t.kcFor('two').makeApiClient(CoreV1Api);
    await two.createNamespace({ body: { metadata: { name: 'only-in-two' } } });
    const hubNames = (await t.kc.makeApiClient(CoreV1Api).listNamespace()).items.map((n) => n.metadata?.name);
    expect(hubNames).not.toContain('only-in-two');

    const removed = await t.raw('DELETE', '/admin/clusters/two');
    expect(removed.status).toBe(200);
    const gone = await t.raw('GET', '/clusters/two/api/v1/namespaces');
    expect(gone.status).toBe(404);
    await t.server.removeCluster('one');
    expect((await t.raw('GET', '/admin/clusters')).json()).toEqual({ clusters: [] });

    // adding it again starts empty
    await t.server.addCluster('two');
    const again = (await two.listNamespace()).items.map((n) => n.metadata?.name);
    expect(again).not.toContain('only-in-two');
  });

  it('ends open watches of a cluster when it is removed', async () => {
    await t.server.addCluster('short-lived');
    const { Watch } = await import('@kubernetes/client-node');
    const ended = new Promise<void>((resolve) => {
      void new Watch(t.kcFor('short-lived')).watch('/api/v1/namespaces', {}, () => undefined, () => resolve());
    });
    await new Promise((r) => setTimeout(r, 100));
    await t.server.removeCluster('short-lived');
    await ended;
    expect((await t.raw('GET', '/clusters/short-lived/api/v1/namespaces')).status).toBe(404);
  });

  it('rejects an invalid cluster name and admin calls without a certificate', async () => {
    const bad = await t.raw('POST', '/admin/clusters/Not_Valid');
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: expect.stringContaining('Not_Valid') });
    const anon = await rawRequest(t.server.url, t.dataDir, 'POST', '/admin/clusters/x', { cert: false });
    expect(anon.status).toBe(401);
  });

  it('keeps the cluster list across restarts', async () => {
    const dataDir = await newDataDir();
    try {
      const first = await startTestServer({ dataDir });
      await first.server.addCluster('kept');
      await first.stop();
      const second = await startTestServer({ dataDir });
      expect((await second.raw('GET', '/admin/clusters')).json()).toEqual({ clusters: ['kept'] });
      expect((await second.raw('GET', '/clusters/kept/api/v1/namespaces/default')).status).toBe(200);
      await second.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
