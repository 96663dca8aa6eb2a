import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedClusterResource } from '../../src/api/index.ts';
import type { ManagedCluster } from '../../src/api/index.ts';
import { KubeClient } from '../../src/kube/client.ts';
import type { KubeObject } from '../../src/kube/client.ts';
import { KubeApiError, isConflict, isNotFound } from '../../src/kube/errors.ts';
import { embeddedContexts, kubeConfigFromString, loadKubeConfig } from '../../src/kube/kubeconfig.ts';
import { configMapResource, secretResource } from '../../src/kube/resources.ts';
import type { ConfigMap } from '../../src/kube/resources.ts';
import { eventually, installCrds, startEnv } from './support.ts';
import type { Env } from './support.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
  await installCrds(env.client(), 'managedclusters.yaml');
});
afterAll(() => env.stop());

describe('kubeconfig loading', () => {
  it('offers the embedded server contexts: hub and one per cluster', () => {
    const contexts = embeddedContexts(env.server.kubeconfigPath);
    expect([...contexts.keys()].sort()).toEqual(['c1', 'hub']);
    expect(contexts.get('c1')!.getCurrentCluster()!.server).toBe(`${env.server.url}/clusters/c1`);
  });

  it('names the missing context, file or service account in its errors', async () => {
    expect(() => loadKubeConfig({ file: env.server.kubeconfigPath, context: 'nope' })).toThrow(/context nope is not in .*contexts: .*hub/);
    expect(() => loadKubeConfig({ file: join(env.dataDir, 'missing') })).toThrow(/kubeconfig .*missing does not exist/);
    const saved = process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_HOST;
    expect(() => loadKubeConfig({ inCluster: true })).toThrow(/not running in a cluster/);
    if (saved !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved;
    const bad = join(env.dataDir, 'bad-kubeconfig');
    await writeFile(bad, 'clusters: [\n');
    expect(() => loadKubeConfig({ file: bad })).toThrow(/bad-kubeconfig could not be read/);
  });

  it('authenticates in-cluster with the service account token and CA', async () => {
    // a bootstrap token stands in for a service account token: both are bearer tokens read from the token file
    const secrets = env.client().resource(secretResource);
    await secrets.create({
      metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system' },
      type: 'bootstrap.kubernetes.io/token',
      data: Object.fromEntries(
        Object.entries({ 'token-id': 'abcdef', 'token-secret': '0123456789abcdef', 'usage-bootstrap-authentication': 'true' }).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
    } as KubeObject);
    const prefix = await mkdtemp(join(tmpdir(), 'ocm-sa-'));
    const sa = join(prefix, 'var/run/secrets/kubernetes.io/serviceaccount');
    await mkdir(sa, { recursive: true });
    await writeFile(join(sa, 'token'), 'abcdef.0123456789abcdef');
    await writeFile(join(sa, 'namespace'), 'kube-system');
    await copyFile(join(env.dataDir, 'pki', 'ca.crt'), join(sa, 'ca.crt'));
    const url = new URL(env.server.url);
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    process.env.KUBERNETES_SERVICE_HOST = url.hostname;
    process.env.KUBERNETES_SERVICE_PORT = url.port;
    try {
      const client = new KubeClient(loadKubeConfig({ inCluster: true, serviceAccountPathPrefix: prefix }));
      expect(client.defaultNamespace()).toBe('kube-system');
      const err = await client.resource(secretResource).list({ namespace: 'kube-system' }).catch((e: unknown) => e);
      // the server knew who asked: the token was sent and the TLS connection verified with the CA file
      expect((err as KubeApiError).code).toBe(403);
      expect((err as KubeApiError).message).toMatch(/system:bootstrap:abcdef/);
      client.close();
    } finally {
      for (const [k, v] of [['KUBERNETES_SERVICE_HOST', saved.host], ['KUBERNETES_SERVICE_PORT', saved.port]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await rm(prefix, { recursive: true, force: true });
    }
  });

  it('loads a kubeconfig from a string with a chosen context', async () => {
    const { readFile } = await import('node:fs/promises');
    const kc = kubeConfigFromString(await readFile(env.server.kubeconfigPath, 'utf8'), 'c1');
    const client = new KubeClient(kc);
    const list = await client.resource<ConfigMap>(configMapResource).list({ namespace: 'default' });
    expect(Array.isArray(list.items)).toBe(true);
    client.close();
  });
});

describe('resource client', () => {
  it('creates, reads, updates, patches (merge, json, apply) and deletes a ConfigMap', async () => {
    const cms = env.client('c1').resource<ConfigMap>(configMapResource);
    const created = await cms.create({ metadata: { name: 'a', namespace: 'default' }, data: { x: '1' } });
    expect(created.metadata.uid).toBeTruthy();
    const got = await cms.get('a', 'default');
    expect(got.data).toEqual({ x: '1' });
    const updated = await cms.update({ ...got, data: { x: '2' } });
    expect(updated.data).toEqual({ x: '2' });
    const merged = await cms.patch('a', { data: { y: '3' } }, { namespace: 'default' });
    expect(merged.data).toEqual({ x: '2', y: '3' });
    const jsonPatched = await cms.patch('a', [{ op: 'remove', path: '/data/x' }], { namespace: 'default', type: 'json' });
    expect(jsonPatched.data).toEqual({ y: '3' });
    const applied = await cms.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'default' }, data: { z: '4' } }, { fieldManager: 'test', force: true });
    expect(applied.data).toEqual({ z: '4' });
    await cms.delete('a', { namespace: 'default' });
    expect(await cms.getOrUndefined('a', 'default')).toBeUndefined();
    const names = (await cms.list({ namespace: 'default' })).items.map((c) => c.metadata.name);
    expect(names).toContain('b');
    expect(names).not.toContain('a');
  });

  it('reports API errors with the HTTP code and the server Status', async () => {
    const cms = env.client('c1').resource<ConfigMap>(configMapResource);
    const err = await cms.get('missing', 'default').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(isNotFound(err)).toBe(true);
    const e = err as KubeApiError;
    expect(e.code).toBe(404);
    expect(e.reason).toBe('NotFound');
    expect(JSON.parse(e.body).kind).toBe('Status');
    expect(e.message).toMatch(/ConfigMap default\/missing: 404 NotFound/);

    const c = await cms.create({ metadata: { name: 'stale', namespace: 'default' }, data: {} });
    await cms.update({ ...c, data: { a: 'b' } });
    const conflict = await cms.update({ ...c, data: { a: 'c' } }).catch((x: unknown) => x);
    expect(isConflict(conflict)).toBe(true);
    expect((conflict as KubeApiError).reason).toBe('Conflict');
    await expect(cms.get('x')).rejects.toThrow(/ConfigMap x: metadata.namespace is required/);
  });

  it('writes a custom resource and its status subresource', async () => {
    const mcs = env.client().resource<ManagedCluster>(managedClusterResource);
    const mc = await mcs.create({ apiVersion: 'cluster.open-cluster-management.io/v1', kind: 'ManagedCluster', metadata: { name: 'm1' }, spec: { hubAcceptsClient: true } });
    const cond = { type: 'ManagedClusterJoined', status: 'True' as const, reason: 'Joined', message: 'joined', lastTransitionTime: '2026-01-01T00:00:00Z' };
    const withStatus = await mcs.updateStatus({ ...mc, status: { conditions: [cond] } });
    expect(withStatus.status?.conditions?.[0].type).toBe('ManagedClusterJoined');
    const patched = await mcs.patchStatus('m1', { status: { version: { kubernetes: 'v1.35.0' } } });
    expect(patched.status?.version?.kubernetes).toBe('v1.35.0');
    expect(patched.spec?.hubAcceptsClient).toBe(true);
  });

  it('streams watch events from a resourceVersion and stops on abort', async () => {
    const cms = env.client('c1').resource<ConfigMap>(configMapResource);
    const rv = (await cms.list({ namespace: 'default' })).metadata.resourceVersion;
    const seen: string[] = [];
    const ac = new AbortController();
    const done = cms.watch({ namespace: 'default', resourceVersion: rv, signal: ac.signal }, (e) => seen.push(`${e.type} ${e.object.metadata?.name}`));
    await cms.create({ metadata: { name: 'w1', namespace: 'default' } });
    await cms.delete('w1', { namespace: 'default' });
    await eventually(() => seen.includes('DELETED w1'));
    expect(seen).toEqual(['ADDED w1', 'DELETED w1']);
    ac.abort();
    await done;
  });
});
