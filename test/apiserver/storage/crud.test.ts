import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openStore } from '../../../src/apiserver/storage/sqlite-store.ts';
import { StorageError } from '../../../src/apiserver/storage/types.ts';
import { cm, cmBody, parse, tempStore, type TempStore } from './store-helpers.ts';

let t: TempStore;
beforeEach(() => (t = tempStore()));
afterEach(() => t.cleanup());

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof StorageError) return err.reason;
    throw err;
  }
  return undefined;
}

describe('create / get / update / delete', () => {
  test('create stamps the global revision as resourceVersion and get returns it', () => {
    const a = t.store.create(cm('ns1', 'a'), cmBody('ns1', 'a', { k: 'v' }));
    const b = t.store.create(cm('ns2', 'b'), cmBody('ns2', 'b'));
    expect(a.revision).toBe(1);
    expect(b.revision).toBe(2);
    expect(t.store.currentRevision()).toBe(2);
    const got = t.store.get(cm('ns1', 'a'));
    expect(got?.revision).toBe(1);
    expect(parse(got!.json).metadata.resourceVersion).toBe('1');
    expect(parse(got!.json).data).toEqual({ k: 'v' });
    expect(t.store.get(cm('ns1', 'missing'))).toBeUndefined();
  });

  test('create of an existing key is AlreadyExists and writes nothing', () => {
    t.store.create(cm('ns1', 'a'), cmBody('ns1', 'a'));
    expect(reasonOf(() => t.store.create(cm('ns1', 'a'), cmBody('ns1', 'a', { x: 'y' })))).toBe('AlreadyExists');
    expect(t.store.currentRevision()).toBe(1);
    expect(parse(t.store.get(cm('ns1', 'a'))!.json).data).toEqual({});
  });

  test('the same name in another namespace, resource, group or cluster is a different object', () => {
    t.store.create(cm('ns1', 'a'), cmBody('ns1', 'a'));
    t.store.create(cm('ns2', 'a'), cmBody('ns2', 'a'));
    t.store.create({ ...cm('ns1', 'a'), resource: 'secrets' }, cmBody('ns1', 'a'));
    t.store.create({ ...cm('ns1', 'a'), group: 'example.io' }, cmBody('ns1', 'a'));
    t.store.create(cm('ns1', 'a', 'spoke1'), cmBody('ns1', 'a'));
    expect(t.store.currentRevision()).toBe(5);
  });

  test('update with the current revision succeeds; a stale one is Conflict carrying the current revision', () => {
    const a = t.store.create(cm('ns1', 'a'), cmBody('ns1', 'a'));
    const u = t.store.update(cm('ns1', 'a'), cmBody('ns1', 'a', { v: '2' }), a.revision);
    expect(u.revision).toBe(2);
    let caught: unknown;
    try {
      t.store.update(cm('ns1', 'a'), cmBody('ns1', 'a', { v: '3' }), a.revision);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StorageError);
    expect((caught as StorageError).reason).toBe('Conflict');
    expect((caught as StorageError).revision).toBe(2);
    expect(parse(t.store.get(cm('ns1', 'a'))!.json).data).toEqual({ v: '2' });
    // Without an expected revision the write is unconditional.
    expect(t.store.update(cm('ns1', 'a'), cmBody('ns1', 'a', { v: '4' })).revision).toBe(3);
  });

  test('update and delete of a missing object are NotFound', () => {
    expect(reasonOf(() => t.store.update(cm('ns1', 'x'), cmBody('ns1', 'x')))).toBe('NotFound');
    expect(reasonOf(() => t.store.delete(cm('ns1', 'x')))).toBe('NotFound');
    expect(t.store.currentRevision()).toBe(0);
  });

  test('delete returns the last state stamped with the deletion revision, then the key is free again', () => {
    t.store.create(cm('ns1', 'a'), cmBody('ns1', 'a', { k: 'v' }));
    expect(reasonOf(() => t.store.delete(cm('ns1', 'a'), 7))).toBe('Conflict');
    const d = t.store.delete(cm('ns1', 'a'), 1);
    expect(d.revision).toBe(2);
    expect(parse(d.json).metadata.resourceVersion).toBe('2');
    expect(parse(d.json).data).toEqual({ k: 'v' });
    expect(t.store.get(cm('ns1', 'a'))).toBeUndefined();
    expect(t.store.create(cm('ns1', 'a'), cmBody('ns1', 'a')).revision).toBe(3);
  });

  test('the caller’s object is not modified by stamping', () => {
    const body = cmBody('ns1', 'a');
    t.store.create(cm('ns1', 'a'), body);
    expect((body.metadata as Record<string, unknown>).resourceVersion).toBeUndefined();
  });
});

describe('persistence', () => {
  test('reopening the same directory keeps objects, the revision counter and the compacted revision', () => {
    for (let i = 0; i < 5; i++) t.store.create(cm('ns1', `o${i}`), cmBody('ns1', `o${i}`));
    t.store.delete(cm('ns1', 'o4'));
    t.store.compact(6);
    const store = t.reopen();
    expect(store.currentRevision()).toBe(6);
    expect(store.compactedRevision()).toBe(6);
    expect(store.count({ cluster: '', group: '', resource: 'configmaps', namespace: 'ns1' })).toBe(4);
    expect(store.create(cm('ns1', 'o5'), cmBody('ns1', 'o5')).revision).toBe(7);
  });

  test('a second store on the same directory is refused while the first is open', () => {
    // A second handle in the same process hits the same lock another process would.
    expect(() => openStore({ dataDir: t.dir, compactIntervalMs: 0 })).toThrow(/in use by another process/);
  });

  test('dropCluster removes one virtual cluster only, and revisions never go back', () => {
    t.store.create(cm('ns1', 'a'), cmBody('ns1', 'a'));
    t.store.create(cm('ns1', 'a', 'spoke1'), cmBody('ns1', 'a'));
    t.store.create(cm('ns1', 'b', 'spoke1'), cmBody('ns1', 'b'));
    t.store.dropCluster('spoke1');
    expect(t.store.count({ cluster: 'spoke1', group: '', resource: 'configmaps' })).toBe(0);
    expect(t.store.get(cm('ns1', 'a'))).toBeDefined();
    const store = t.reopen();
    expect(store.currentRevision()).toBe(3);
    expect(store.create(cm('ns1', 'a', 'spoke1'), cmBody('ns1', 'a')).revision).toBe(4);
  });
});
