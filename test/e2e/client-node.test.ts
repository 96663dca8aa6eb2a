// @kubernetes/client-node against the embedded server over HTTPS: KubernetesObjectApi CRUD, Watch,
// and an informer that meets a compacted resourceVersion (410 Expired), re-lists and keeps going.
import {
  CoreV1Api, KubernetesObjectApi, makeInformer, PatchStrategy, Watch, type KubernetesObject, type V1ConfigMap,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startE2eServer, type E2eServer } from './support.ts';

let s: E2eServer;
beforeAll(async () => {
  // Compact aggressively so that old resourceVersions expire quickly.
  s = await startE2eServer(['spoke1'], { retainRevisions: 1, retainMs: 0, compactIntervalMs: 20 });
});
afterAll(async () => { await s?.stop(); });

function statusOf(err: unknown): { code: number; reason: string; message: string } {
  const body = (err as { body?: unknown }).body;
  return (typeof body === 'string' ? JSON.parse(body) : body) as { code: number; reason: string; message: string };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try { await p; } catch (err) { return err; }
  throw new Error('expected the call to fail');
}

describe('KubernetesObjectApi', () => {
  it('creates, reads, lists, patches, replaces and deletes on a virtual cluster', async () => {
    const api = KubernetesObjectApi.makeApiClient(s.kubeConfig('spoke1'));
    await api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'objs' } });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'objs', labels: { app: 'a' } }, data: { k: 'v1' } };
    const created = await api.create<V1ConfigMap>(cm);
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);

    const read = await api.read<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'objs' } });
    expect(read.data).toEqual({ k: 'v1' });

    const patched = await api.patch<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'objs' }, data: { extra: 'x' } });
    expect(patched.data).toEqual({ k: 'v1', extra: 'x' });
    const merged = await api.patch<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'objs' }, data: { extra: null } } as unknown as V1ConfigMap,
      undefined, undefined, 'test', undefined, PatchStrategy.MergePatch);
    expect(merged.data).toEqual({ k: 'v1' });

    const replaced = await api.replace<V1ConfigMap>({ ...merged, data: { k: 'v2' } });
    expect(replaced.data).toEqual({ k: 'v2' });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(merged.metadata?.resourceVersion));
    const stale = await rejection(api.replace<V1ConfigMap>({ ...merged, data: { k: 'v3' } }));
    expect(statusOf(stale)).toMatchObject({ code: 409, reason: 'Conflict' });

    const list = await api.list<V1ConfigMap>('v1', 'ConfigMap', 'objs', undefined, undefined, undefined, undefined, 'app=a');
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['cfg']);

    await api.delete({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'objs' } });
    const missing = await rejection(api.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'objs' } }));
    expect(statusOf(missing)).toMatchObject({ code: 404, reason: 'NotFound', message: 'configmaps "cfg" not found' });

    // The hub never saw any of it.
    const hub = KubernetesObjectApi.makeApiClient(s.kubeConfig('hub'));
    expect(statusOf(await rejection(hub.read({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'objs' } }))).code).toBe(404);
  });

  it('manages custom resources once their CRD exists', async () => {
    const api = KubernetesObjectApi.makeApiClient(s.kubeConfig('hub'));
    await api.create({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets.example.com' },
      spec: { group: 'example.com', scope: 'Cluster', names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, x_kubernetes_preserve_unknown_fields: true } } }] },
    } as KubernetesObject);
    const gadget = await eventually(async () => api.create({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec: { color: 'red' } } as KubernetesObject));
    expect(gadget.metadata?.name).toBe('g1');
    const patched = await api.patch({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec: { size: 2 } } as KubernetesObject,
      undefined, undefined, 'test', undefined, PatchStrategy.MergePatch) as KubernetesObject & { spec: unknown };
    expect(patched.spec).toEqual({ color: 'red', size: 2 });
    const strategic = await rejection(api.patch({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1' } } as KubernetesObject));
    expect(statusOf(strategic).code).toBe(415);
  });
});

describe('Watch', () => {
  it('streams ADDED, MODIFIED and DELETED events', async () => {
    const core = s.kubeConfig('hub').makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'watched' } } });
    await core.createNamespacedConfigMap({ namespace: 'watched', body: { metadata: { name: 'before' } } });
    const events: string[] = [];
    const controller = await new Watch(s.kubeConfig('hub')).watch('/api/v1/namespaces/watched/configmaps', {},
      (type, obj: V1ConfigMap) => { events.push(`${type} ${obj.metadata?.name} ${JSON.stringify(obj.data ?? {})}`); }, () => undefined);
    try {
      await eventually(async () => events.includes('ADDED before {}'));
      await core.createNamespacedConfigMap({ namespace: 'watched', body: { metadata: { name: 'during' }, data: { a: '1' } } });
      await core.replaceNamespacedConfigMap({ name: 'during', namespace: 'watched', body: { metadata: { name: 'during' }, data: { a: '2' } } });
      await core.deleteNamespacedConfigMap({ name: 'during', namespace: 'watched' });
      await eventually(async () => events.length >= 4);
      expect(events).toEqual(['ADDED before {}', 'ADDED during {"a":"1"}', 'MODIFIED during {"a":"2"}', 'DELETED during {"a":"2"}']);
    } finally {
      controller.abort();
    }
  });
});

describe('informer', () => {
  it('re-lists after 410 Expired and keeps its cache current', async () => {
    const kc = s.kubeConfig('hub');
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'inf' } } });
    await core.createNamespacedConfigMap({ namespace: 'inf', body: { metadata: { name: 'a' } } });
    await core.createNamespacedConfigMap({ namespace: 'inf', body: { metadata: { name: 'b' } } });
    // Wait until revision 1 has been compacted away: a watch from it must now answer Expired.
    await eventually(async () => {
      const r = await s.raw('GET', '/api/v1/namespaces/inf/configmaps?watch=true&resourceVersion=1&timeoutSeconds=1');
      return r.body.includes('"reason":"Expired"') && r.body.includes('"code":410');
    });

    // The first list answers from a stale snapshot (an old resourceVersion, object b missing), as a lagging cache would.
    let lists = 0;
    const listFn = async () => {
      const list = await core.listNamespacedConfigMap({ namespace: 'inf' });
      if (lists++ === 0) return { ...list, metadata: { resourceVersion: '1' }, items: list.items.filter((i) => i.metadata?.name !== 'b') };
      return list;
    };
    const informer = makeInformer<V1ConfigMap>(kc, '/api/v1/namespaces/inf/configmaps', listFn);
    const errors: unknown[] = [];
    const log: string[] = [];
    informer.on('error', (err) => errors.push(err));
    informer.on('add', (o) => log.push(`add ${o.metadata?.name}`));
    informer.on('update', (o) => log.push(`update ${o.metadata?.name}`));
    informer.on('delete', (o) => log.push(`delete ${o.metadata?.name}`));
    await informer.start();
    try {
      await eventually(async () => lists >= 2 && informer.get('b', 'inf') !== undefined);
      expect(informer.list('inf').map((o) => o.metadata?.name).sort()).toEqual(['a', 'b']);

      await core.createNamespacedConfigMap({ namespace: 'inf', body: { metadata: { name: 'c' }, data: { v: '1' } } });
      await core.patchNamespacedConfigMap({ name: 'c', namespace: 'inf', body: [{ op: 'add', path: '/data/v', value: '2' }] });
      await core.deleteNamespacedConfigMap({ name: 'a', namespace: 'inf' });
      await eventually(async () => informer.get('c', 'inf')?.data?.v === '2' && informer.get('a', 'inf') === undefined);
      expect(log).toEqual(expect.arrayContaining(['add a', 'add b', 'add c', 'update c', 'delete a']));
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
    }
  });
});
