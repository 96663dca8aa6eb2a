import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api, KubernetesObjectApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { KubernetesObject, V1ConfigMap } from '@kubernetes/client-node';
import { startTestServer, statusOf } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';

describe('CRUD through client-node', () => {
  let t: TestServer;
  let core: CoreV1Api;
  beforeAll(async () => {
    t = await startTestServer();
    core = t.kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'crud' } } });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('creates, reads, updates and deletes a ConfigMap with server-set metadata', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'crud', body: { metadata: { name: 'cm1', labels: { app: 'x' } }, data: { k: 'v' } } });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(created.metadata?.namespace).toBe('crud');
    const read = await core.readNamespacedConfigMap({ name: 'cm1', namespace: 'crud' });
    expect(read.data).toEqual({ k: 'v' });
    read.data = { k: 'v2' };
    const updated = await core.replaceNamespacedConfigMap({ name: 'cm1', namespace: 'crud', body: read });
    expect(updated.data).toEqual({ k: 'v2' });
    expect(Number(updated.metadata?.resourceVersion)).toBeGreaterThan(Number(read.metadata?.resourceVersion));
    expect(updated.metadata?.uid).toBe(created.metadata?.uid);
    await core.deleteNamespacedConfigMap({ name: 'cm1', namespace: 'crud' });
    const err = await core.readNamespacedConfigMap({ name: 'cm1', namespace: 'crud' }).catch((e) => e);
    expect(err.code).toBe(404);
    expect(statusOf(err)).toMatchObject({ reason: 'NotFound', message: 'configmaps "cm1" not found', details: { name: 'cm1', kind: 'configmaps' } });
  });

  it('answers 409 AlreadyExists and 409 Conflict for a stale resourceVersion, with kube messages', async () => {
    await core.createNamespacedConfigMap({ namespace: 'crud', body: { metadata: { name: 'dup' } } });
    const dup = await core.createNamespacedConfigMap({ namespace: 'crud', body: { metadata: { name: 'dup' } } }).catch((e) => e);
    expect(statusOf(dup)).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'configmaps "dup" already exists' });
    const v1 = await core.readNamespacedConfigMap({ name: 'dup', namespace: 'crud' });
    await core.replaceNamespacedConfigMap({ name: 'dup', namespace: 'crud', body: { ...v1, data: { a: '1' } } });
    const stale = await core.replaceNamespacedConfigMap({ name: 'dup', namespace: 'crud', body: { ...v1, data: { a: '2' } } }).catch((e) => e);
    expect(statusOf(stale)).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "dup": the object has been modified; please apply your changes to the latest version and try again',
    });
    expect((await core.readNamespacedConfigMap({ name: 'dup', namespace: 'crud' })).data).toEqual({ a: '1' });
  });

  it('fills names from generateName and stores nothing on dryRun=All', async () => {
    const generated = await core.createNamespacedConfigMap({ namespace: 'crud', body: { metadata: { generateName: 'gen-' } } });
    expect(generated.metadata?.name).toMatch(/^gen-[a-z0-9]{5}$/);
    const dry = await core.createNamespacedConfigMap({ namespace: 'crud', dryRun: 'All', body: { metadata: { name: 'dry' } } });
    expect(dry.metadata?.name).toBe('dry');
    const err = await core.readNamespacedConfigMap({ name: 'dry', namespace: 'crud' }).catch((e) => e);
    expect(err.code).toBe(404);
  });

  it('refuses a create in a namespace that does not exist', async () => {
    const err = await core.createNamespacedConfigMap({ namespace: 'nowhere', body: { metadata: { name: 'x' } } }).catch((e) => e);
    expect(statusOf(err)).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "nowhere" not found' });
  });

  it('filters lists by label and field selectors and pages with limit/continue', async () => {
    await core.createNamespace({ body: { metadata: { name: 'sel' } } });
    for (let i = 0; i < 5; i++) {
      await core.createNamespacedConfigMap({ namespace: 'sel', body: { metadata: { name: `c${i}`, labels: { parity: i % 2 ? 'odd' : 'even', n: String(i) } } } });
    }
    const even = await core.listNamespacedConfigMap({ namespace: 'sel', labelSelector: 'parity=even' });
    expect(even.items.map((c) => c.metadata?.name)).toEqual(['c0', 'c2', 'c4']);
    const notOdd = await core.listNamespacedConfigMap({ namespace: 'sel', labelSelector: 'parity!=odd,n' });
    expect(notOdd.items).toHaveLength(3);
    const byName = await core.listNamespacedConfigMap({ namespace: 'sel', fieldSelector: 'metadata.name=c3' });
    expect(byName.items.map((c) => c.metadata?.name)).toEqual(['c3']);
    const all = await core.listConfigMapForAllNamespaces({ fieldSelector: 'metadata.namespace=sel' });
    expect(all.items).toHaveLength(5);
    expect(all.items.every((c) => c.kind === 'ConfigMap' && c.apiVersion === 'v1')).toBe(true);
    const names: string[] = [];
    let cont: string | undefined;
    do {
      const page = await core.listNamespacedConfigMap({ namespace: 'sel', limit: 2, _continue: cont });
      expect(page.items.length).toBeLessThanOrEqual(2);
      names.push(...page.items.map((c) => c.metadata!.name!));
      cont = page.metadata?._continue;
    } while (cont);
    expect(names).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    const bad = await core.listNamespacedConfigMap({ namespace: 'sel', labelSelector: 'a in (b' }).catch((e) => e);
    expect(bad.code).toBe(400);
    const unsupported = await core.listNamespacedConfigMap({ namespace: 'sel', fieldSelector: 'spec.foo=bar' }).catch((e) => e);
    expect(statusOf(unsupported)).toMatchObject({ code: 400, reason: 'BadRequest', message: 'field label not supported: spec.foo' });
  });

  it('selects events by involvedObject fields, as kubectl describe asks', async () => {
    await core.createNamespacedEvent({
      namespace: 'crud',
      body: { metadata: { name: 'ev1' }, involvedObject: { kind: 'ConfigMap', name: 'target', namespace: 'crud', uid: 'u-1' }, reason: 'Test', message: 'hello', type: 'Normal' },
    });
    await core.createNamespacedEvent({ namespace: 'crud', body: { metadata: { name: 'ev2' }, involvedObject: { kind: 'ConfigMap', name: 'other', namespace: 'crud' } } });
    const events = await core.listNamespacedEvent({
      namespace: 'crud',
      fieldSelector: 'involvedObject.name=target,involvedObject.namespace=crud,involvedObject.kind=ConfigMap,involvedObject.uid=u-1',
    });
    expect(events.items.map((e) => e.metadata?.name)).toEqual(['ev1']);
  });

  it('deletes a collection by label selector', async () => {
    await core.createNamespace({ body: { metadata: { name: 'dc' } } });
    for (const name of ['keep', 'drop1', 'drop2']) {
      await core.createNamespacedConfigMap({ namespace: 'dc', body: { metadata: { name, labels: { drop: String(name.startsWith('drop')) } } } });
    }
    await core.deleteCollectionNamespacedConfigMap({ namespace: 'dc', labelSelector: 'drop=true' });
    const left = await core.listNamespacedConfigMap({ namespace: 'dc' });
    expect(left.items.map((c) => c.metadata?.name)).toEqual(['keep']);
  });

  it('patches with merge, JSON and strategic merge patches', async () => {
    await core.createNamespacedConfigMap({ namespace: 'crud', body: { metadata: { name: 'p' }, data: { a: '1', b: '2' } } });
    const merged = await core.patchNamespacedConfigMap(
      { name: 'p', namespace: 'crud', body: { data: { b: null, c: '3' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.data).toEqual({ a: '1', c: '3' });
    const jsonPatched = await core.patchNamespacedConfigMap(
      { name: 'p', namespace: 'crud', body: [{ op: 'replace', path: '/data/a', value: 'x' }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(jsonPatched.data).toEqual({ a: 'x', c: '3' });
    const strategic = await core.patchNamespacedConfigMap(
      { name: 'p', namespace: 'crud', body: { metadata: { labels: { s: 'y' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(strategic.metadata?.labels).toEqual({ s: 'y' });
  });

  it('server-side apply creates with 201 and then updates', async () => {
    const objects = KubernetesObjectApi.makeApiClient(t.kc);
    const spec: KubernetesObject & { data: Record<string, string> } = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'applied', namespace: 'crud' },
      data: { a: '1' },
    };
    const created = (await objects.patch(spec, undefined, undefined, 'mgr', true, PatchStrategy.ServerSideApply)) as V1ConfigMap;
    expect(created.data).toEqual({ a: '1' });
    const updated = (await objects.patch({ ...spec, data: { a: '2' } }, undefined, undefined, 'mgr', true, PatchStrategy.ServerSideApply)) as V1ConfigMap;
    expect(updated.data).toEqual({ a: '2' });
  });

  it('supports KubernetesObjectApi create / read / replace / list / delete (discovery through /api/v1)', async () => {
    const objects = KubernetesObjectApi.makeApiClient(t.kc);
    const body = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1', namespace: 'crud' }, stringData: { x: 'y' } };
    const created = await objects.create(body);
    expect(created.metadata?.name).toBe('s1');
    expect((created as { type?: string }).type).toBe('Opaque'); // kube's default
    // stringData is write-only: it is folded into base64 data, as kube-apiserver does
    expect((created as { data?: Record<string, string>; stringData?: unknown }).data).toEqual({ x: Buffer.from('y').toString('base64') });
    expect((created as { stringData?: unknown }).stringData).toBeUndefined();
    const read = await objects.read({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1', namespace: 'crud' } });
    expect(read.kind).toBe('Secret');
    const listed = await objects.list('v1', 'Secret', 'crud');
    expect(listed.items.map((s) => s.metadata?.name)).toContain('s1');
    await objects.replace({ ...read, metadata: { ...read.metadata, labels: { r: '1' } } });
    expect((await objects.read({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1', namespace: 'crud' } })).metadata?.labels).toEqual({ r: '1' });
    await objects.delete({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1', namespace: 'crud' } });
    const err = await objects.read({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1', namespace: 'crud' } }).catch((e) => e);
    expect(err.code).toBe(404);
  });

  it('keeps an object with finalizers until they are removed, then deletes it', async () => {
    await core.createNamespacedConfigMap({ namespace: 'crud', body: { metadata: { name: 'fin', finalizers: ['example.com/hold'] } } });
    await core.deleteNamespacedConfigMap({ name: 'fin', namespace: 'crud' });
    const held = await core.readNamespacedConfigMap({ name: 'fin', namespace: 'crud' });
    expect(held.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    await core.patchNamespacedConfigMap(
      { name: 'fin', namespace: 'crud', body: { metadata: { finalizers: null } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const err = await core.readNamespacedConfigMap({ name: 'fin', namespace: 'crud' }).catch((e) => e);
    expect(err.code).toBe(404);
  });
});
