import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { deleteObject } from '../../../src/apiserver/lifecycle/delete.ts';
import { namespaceIsTerminating, prepareNamespace, terminatingNamespaceMessage } from '../../../src/apiserver/lifecycle/namespace.ts';
import { writeUpdate } from '../../../src/apiserver/lifecycle/update.ts';
import { StorageError } from '../../../src/apiserver/storage/types.ts';
import { tempStore, type TempStore } from '../storage/store-helpers.ts';
import { make, read, record } from './fixtures.ts';

let t: TempStore;
beforeEach(() => (t = tempStore()));
afterEach(() => t.cleanup());

const now = new Date('2026-03-04T05:06:07.890Z');

function conflict(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StorageError) return err;
    throw err;
  }
  throw new Error('expected a StorageError');
}

describe('deleteObject', () => {
  test('an object without finalizers is removed at once and watchers see DELETED', () => {
    const a = make(t.store, 'configmaps', 'ns1', 'a');
    const events = record(t.store);
    const r = deleteObject(t.store, a.key, {}, now);
    expect(r.deleted).toBe(true);
    expect((r.object.metadata as Record<string, unknown>).name).toBe('a');
    expect(t.store.get(a.key)).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['DELETED']);
  });

  test('with finalizers it is kept, marked with deletionTimestamp, grace 0 and a generation bump (MODIFIED)', () => {
    const a = make(t.store, 'configmaps', 'ns1', 'a', { finalizers: ['example.com/hold'], generation: 1 });
    const events = record(t.store);
    const r = deleteObject(t.store, a.key, {}, now);
    expect(r.deleted).toBe(false);
    const m = read(t.store, a.key)!.metadata;
    expect(m.deletionTimestamp).toBe('2026-03-04T05:06:07Z');
    expect(m.deletionGracePeriodSeconds).toBe(0);
    expect(m.generation).toBe(2);
    expect(m.finalizers).toEqual(['example.com/hold']);
    expect(events.map((e) => e.type)).toEqual(['MODIFIED']);
    // Deleting again changes nothing.
    const rev = t.store.currentRevision();
    expect(deleteObject(t.store, a.key, {}, new Date()).deleted).toBe(false);
    expect(t.store.currentRevision()).toBe(rev);
  });

  test('objects without a generation do not get one', () => {
    const a = make(t.store, 'configmaps', 'ns1', 'a', { finalizers: ['example.com/hold'] });
    deleteObject(t.store, a.key, {}, now);
    expect(read(t.store, a.key)!.metadata.generation).toBeUndefined();
  });

  test('preconditions on uid and resourceVersion are checked; a mismatch is Conflict and changes nothing', () => {
    const a = make(t.store, 'configmaps', 'ns1', 'a');
    const e1 = conflict(() => deleteObject(t.store, a.key, { preconditions: { uid: 'other' } }));
    expect(e1.reason).toBe('Conflict');
    expect(e1.message).toContain(`Precondition failed: UID in precondition: other, UID in object meta: ${a.uid}`);
    const e2 = conflict(() => deleteObject(t.store, a.key, { preconditions: { resourceVersion: '99' } }));
    expect(e2.reason).toBe('Conflict');
    expect(e2.message).toContain('Precondition failed: ResourceVersion in precondition: 99, ResourceVersion in meta: 1');
    expect(t.store.get(a.key)).toBeDefined();
    expect(deleteObject(t.store, a.key, { preconditions: { uid: a.uid, resourceVersion: '1' } }).deleted).toBe(true);
  });

  test('a missing object is NotFound', () => {
    const err = conflict(() => deleteObject(t.store, { cluster: '', group: '', resource: 'configmaps', namespace: 'ns1', name: 'nope' }));
    expect(err.reason).toBe('NotFound');
  });

  test('dryRun reports the outcome without writing', () => {
    const a = make(t.store, 'configmaps', 'ns1', 'a');
    const b = make(t.store, 'configmaps', 'ns1', 'b', { finalizers: ['x/y'] });
    const rev = t.store.currentRevision();
    expect(deleteObject(t.store, a.key, { dryRun: true }).deleted).toBe(true);
    const rb = deleteObject(t.store, b.key, { dryRun: true }, now);
    expect(rb.deleted).toBe(false);
    expect((rb.object.metadata as Record<string, unknown>).deletionTimestamp).toBe('2026-03-04T05:06:07Z');
    expect(t.store.currentRevision()).toBe(rev);
    expect(read(t.store, b.key)!.metadata.deletionTimestamp).toBeUndefined();
  });

  test('propagation policies add and swap the garbage collector finalizers', () => {
    const a = make(t.store, 'configmaps', 'ns1', 'a');
    deleteObject(t.store, a.key, { propagationPolicy: 'Orphan' }, now);
    expect(read(t.store, a.key)!.metadata.finalizers).toEqual(['orphan']);
    deleteObject(t.store, a.key, { propagationPolicy: 'Foreground' }, now);
    expect(read(t.store, a.key)!.metadata.finalizers).toEqual(['foregroundDeletion']);
    // Without a policy the finalizer already there is honoured.
    deleteObject(t.store, a.key, {}, now);
    expect(read(t.store, a.key)!.metadata.finalizers).toEqual(['foregroundDeletion']);
    // Background drops it, and with nothing left the object goes.
    expect(deleteObject(t.store, a.key, { propagationPolicy: 'Background' }, now).deleted).toBe(true);
  });
});

describe('writeUpdate', () => {
  test('removing the last finalizer of an object being deleted deletes it (DELETED)', () => {
    const a = make(t.store, 'configmaps', 'ns1', 'a', { finalizers: ['x/one', 'x/two'] });
    deleteObject(t.store, a.key, {}, now);
    const events = record(t.store);
    const obj = read(t.store, a.key)!;
    const one = writeUpdate(t.store, a.key, { ...obj, metadata: { ...obj.metadata, finalizers: ['x/two'] } });
    expect(one.deleted).toBe(false);
    const obj2 = read(t.store, a.key)!;
    const stale = Number(obj.metadata.resourceVersion);
    expect(conflict(() => writeUpdate(t.store, a.key, { ...obj2, metadata: { ...obj2.metadata, finalizers: [] } }, stale)).reason).toBe('Conflict');
    const two = writeUpdate(t.store, a.key, { ...obj2, metadata: { ...obj2.metadata, finalizers: [] } }, one.stored.revision);
    expect(two.deleted).toBe(true);
    expect(t.store.get(a.key)).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
  });

  test('an update cannot clear deletionTimestamp', () => {
    const a = make(t.store, 'configmaps', 'ns1', 'a', { finalizers: ['x/one'] });
    deleteObject(t.store, a.key, {}, now);
    const obj = read(t.store, a.key)!;
    const { deletionTimestamp: _dropped, ...rest } = obj.metadata;
    const r = writeUpdate(t.store, a.key, { ...obj, metadata: { ...rest, finalizers: [] } });
    expect(r.deleted).toBe(true);
  });

  test('ordinary updates just write', () => {
    const a = make(t.store, 'configmaps', 'ns1', 'a');
    const obj = read(t.store, a.key)!;
    const r = writeUpdate(t.store, a.key, { ...obj, data: { k: 'v' } }, 1);
    expect(r.deleted).toBe(false);
    expect(r.stored.revision).toBe(2);
  });
});

describe('namespaces', () => {
  test('prepareNamespace adds the kubernetes finalizer and phase Active', () => {
    const ns = prepareNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, status: { phase: 'Bogus' } });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  test('DELETE marks a namespace Terminating and keeps it; an empty-finalizer namespace goes at once', () => {
    const key = { cluster: '', group: '', resource: 'namespaces', namespace: '', name: 'x' };
    t.store.create(key, prepareNamespace({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', uid: 'u1' } }));
    expect(namespaceIsTerminating(t.store, '', 'x')).toBe(false);
    const r = deleteObject(t.store, key, { propagationPolicy: 'Background' }, now);
    expect(r.deleted).toBe(false);
    const ns = read(t.store, key)!;
    expect(ns.metadata.deletionTimestamp).toBe('2026-03-04T05:06:07Z');
    expect(ns.status).toEqual({ phase: 'Terminating' });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(namespaceIsTerminating(t.store, '', 'x')).toBe(true);
    expect(namespaceIsTerminating(t.store, '', 'absent')).toBe(false);
    expect(terminatingNamespaceMessage('x')).toBe('unable to create new content in namespace x because it is being terminated');

    const bare = { ...key, name: 'bare' };
    t.store.create(bare, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bare' }, spec: {} });
    expect(deleteObject(t.store, bare).deleted).toBe(true);
  });
});
