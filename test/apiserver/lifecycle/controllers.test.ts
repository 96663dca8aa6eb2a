import { afterEach, beforeEach, expect, test } from 'vitest';
import { startLifecycleControllers } from '../../../src/apiserver/lifecycle/controllers.ts';
import { deleteObject } from '../../../src/apiserver/lifecycle/delete.ts';
import { namespaceIsTerminating, prepareNamespace } from '../../../src/apiserver/lifecycle/namespace.ts';
import { writeUpdate } from '../../../src/apiserver/lifecycle/update.ts';
import type { ObjectKey } from '../../../src/apiserver/storage/types.ts';
import { tempStore, type TempStore } from '../storage/store-helpers.ts';
import { catalog, make, read, record } from './fixtures.ts';

let t: TempStore;
let controllers: { stop(): void } | undefined;
beforeEach(() => (t = tempStore()));
afterEach(() => {
  controllers?.stop();
  controllers = undefined;
  t.cleanup();
});

function start(clusters: string[] = ['']): void {
  controllers = startLifecycleControllers(t.store, catalog(clusters), { intervalMs: 60_000 });
}
const gone = (key: ObjectKey) => expect.poll(() => t.store.get(key) === undefined, { timeout: 5000 }).toBe(true);
function removeFinalizers(key: ObjectKey): void {
  const obj = read(t.store, key)!;
  writeUpdate(t.store, key, { ...obj, metadata: { ...obj.metadata, finalizers: [] } });
}

test('background deletion: dependents of a deleted owner are collected, down the whole chain', async () => {
  start();
  const deploy = make(t.store, 'deployments', 'ns1', 'web');
  const rs = make(t.store, 'replicasets', 'ns1', 'web-1', { ownerReferences: [deploy.ref] });
  const cm = make(t.store, 'configmaps', 'ns1', 'web-1-cfg', { ownerReferences: [rs.ref] });
  const unrelated = make(t.store, 'configmaps', 'ns1', 'other');
  deleteObject(t.store, deploy.key, { propagationPolicy: 'Background' });
  expect(t.store.get(deploy.key)).toBeUndefined();
  await gone(rs.key);
  await gone(cm.key);
  expect(t.store.get(unrelated.key)).toBeDefined();
});

test('a dependent keeps living while another owner exists; the dangling reference is dropped', async () => {
  start();
  const a = make(t.store, 'configmaps', 'ns1', 'owner-a');
  const b = make(t.store, 'configmaps', 'ns1', 'owner-b');
  const dep = make(t.store, 'secrets', 'ns1', 'shared', { ownerReferences: [a.ref, b.ref] });
  deleteObject(t.store, a.key);
  await expect.poll(() => (read(t.store, dep.key)?.metadata.ownerReferences as { uid: string }[]).map((r) => r.uid), { timeout: 5000 }).toEqual([b.uid]);
  deleteObject(t.store, b.key);
  await gone(dep.key);
});

test('a namespaced dependent may be owned by a cluster-scoped owner; an owner uid that never existed is dangling', async () => {
  start();
  const role = make(t.store, 'clusterroles', '', 'r1');
  const dep = make(t.store, 'configmaps', 'ns1', 'by-role', { ownerReferences: [role.ref] });
  const orphaned = make(t.store, 'configmaps', 'ns1', 'bad-owner', { ownerReferences: [{ ...role.ref, uid: 'not-the-uid' }] });
  await gone(orphaned.key);
  expect(t.store.get(dep.key)).toBeDefined();
  deleteObject(t.store, role.key);
  await gone(dep.key);
});

test('foreground deletion: the owner waits for blocking dependents, and goes after them', async () => {
  start();
  const owner = make(t.store, 'deployments', 'ns1', 'web');
  const held = make(t.store, 'replicasets', 'ns1', 'held', { ownerReferences: [{ ...owner.ref, blockOwnerDeletion: true }], finalizers: ['example.com/hold'] });
  const free = make(t.store, 'replicasets', 'ns1', 'free', { ownerReferences: [{ ...owner.ref, blockOwnerDeletion: true }] });
  const events = record(t.store);
  const r = deleteObject(t.store, owner.key, { propagationPolicy: 'Foreground' });
  expect(r.deleted).toBe(false);
  await gone(free.key);
  await expect.poll(() => read(t.store, held.key)?.metadata.deletionTimestamp, { timeout: 5000 }).toBeTypeOf('string');
  // The blocking dependent still exists, so the owner stays, marked and with its finalizer.
  const o = read(t.store, owner.key)!;
  expect(o.metadata.finalizers).toEqual(['foregroundDeletion']);
  expect(o.metadata.deletionTimestamp).toBeTypeOf('string');
  removeFinalizers(held.key);
  await gone(owner.key);
  const deletions = events.filter((e) => e.type === 'DELETED').map((e) => e.key.name);
  expect(deletions.indexOf('held')).toBeLessThan(deletions.indexOf('web'));
  expect(deletions.indexOf('free')).toBeLessThan(deletions.indexOf('web'));
});

test('orphan deletion: dependents lose their reference to the owner and stay', async () => {
  start();
  const owner = make(t.store, 'deployments', 'ns1', 'web');
  const other = make(t.store, 'deployments', 'ns1', 'other');
  const dep = make(t.store, 'replicasets', 'ns1', 'web-1', { ownerReferences: [owner.ref, other.ref] });
  const solo = make(t.store, 'replicasets', 'ns1', 'web-2', { ownerReferences: [owner.ref] });
  deleteObject(t.store, owner.key, { propagationPolicy: 'Orphan' });
  await gone(owner.key);
  expect((read(t.store, dep.key)!.metadata.ownerReferences as { uid: string }[]).map((r) => r.uid)).toEqual([other.uid]);
  expect(read(t.store, solo.key)!.metadata.ownerReferences).toBeUndefined();
});

test('deleting a namespace empties it, waits for finalizers, then the namespace disappears', async () => {
  start(['', 'spoke1']);
  const nsKey = { cluster: '', group: '', resource: 'namespaces', namespace: '', name: 'team' };
  t.store.create(nsKey, prepareNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', uid: 'ns-uid' } }));
  const plain = make(t.store, 'configmaps', 'team', 'plain');
  const secret = make(t.store, 'secrets', 'team', 's');
  const held = make(t.store, 'configmaps', 'team', 'held', { finalizers: ['example.com/hold'] });
  const elsewhere = make(t.store, 'configmaps', 'other', 'keep');
  const sameNameOtherCluster = make(t.store, 'configmaps', 'team', 'plain', {}, 'spoke1');

  deleteObject(t.store, nsKey, { propagationPolicy: 'Background' });
  expect(namespaceIsTerminating(t.store, '', 'team')).toBe(true);
  await gone(plain.key);
  await gone(secret.key);
  await expect.poll(() => {
    const conds = (read(t.store, nsKey)?.status?.conditions ?? []) as { type: string; status: string; message: string }[];
    return conds.find((c) => c.type === 'NamespaceContentRemaining');
  }, { timeout: 5000 }).toMatchObject({ status: 'True', message: 'Some resources are remaining: configmaps. has 1 resource instances' });
  const ns = read(t.store, nsKey)!;
  expect(ns.status?.phase).toBe('Terminating');
  expect(ns.spec?.finalizers).toEqual(['kubernetes']);
  expect(read(t.store, held.key)!.metadata.deletionTimestamp).toBeTypeOf('string');

  removeFinalizers(held.key);
  await gone(nsKey);
  expect(t.store.get(elsewhere.key)).toBeDefined();
  expect(t.store.get(sameNameOtherCluster.key)).toBeDefined();
});

test('a namespace with its own metadata finalizer stays after being emptied until that finalizer goes', async () => {
  start();
  const nsKey = { cluster: '', group: '', resource: 'namespaces', namespace: '', name: 'held' };
  t.store.create(nsKey, prepareNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'held', uid: 'u', finalizers: ['example.com/ns'] } }));
  make(t.store, 'configmaps', 'held', 'a');
  deleteObject(t.store, nsKey, {});
  await expect.poll(() => read(t.store, nsKey)?.spec?.finalizers, { timeout: 5000 }).toEqual([]);
  expect(t.store.count({ cluster: '', group: '', resource: 'configmaps', namespace: 'held' })).toBe(0);
  removeFinalizers(nsKey);
  expect(t.store.get(nsKey)).toBeUndefined();
});

test('work left over from before a restart is picked up when the controllers start', async () => {
  const owner = make(t.store, 'deployments', 'ns1', 'web');
  const dep = make(t.store, 'replicasets', 'ns1', 'web-1', { ownerReferences: [owner.ref] });
  t.store.delete(owner.key);
  const nsKey = { cluster: '', group: '', resource: 'namespaces', namespace: '', name: 'old' };
  t.store.create(nsKey, prepareNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'old', uid: 'u' } }));
  const inside = make(t.store, 'configmaps', 'old', 'x');
  deleteObject(t.store, nsKey, {});
  t.reopen();
  start();
  await gone(dep.key);
  await gone(inside.key);
  await gone(nsKey);
});
