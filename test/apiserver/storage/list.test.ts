import { afterEach, beforeEach, expect, test } from 'vitest';
import { StorageError, type ListResult } from '../../../src/apiserver/storage/types.ts';
import { cm, cmBody, parse, tempStore, type TempStore } from './store-helpers.ts';

let t: TempStore;
beforeEach(() => (t = tempStore()));
afterEach(() => t.cleanup());

const configmaps = { cluster: '', group: '', resource: 'configmaps' };
const names = (r: ListResult) => r.items.map((i) => `${i.key.namespace}/${i.key.name}`);

function seed(): void {
  for (const ns of ['b', 'a', 'c']) for (const n of ['z', 'x', 'y']) t.store.create(cm(ns, n), cmBody(ns, n));
  t.store.create(cm('a', 'x', 'spoke1'), cmBody('a', 'x'));
  t.store.create({ ...cm('a', 'w'), resource: 'secrets' }, cmBody('a', 'w'));
}

test('list by namespace and across namespaces is ordered by namespace, then name', () => {
  seed();
  const inA = t.store.list({ ...configmaps, namespace: 'a' });
  expect(names(inA)).toEqual(['a/x', 'a/y', 'a/z']);
  expect(inA.revision).toBe(11);
  expect(inA.continue).toBeUndefined();
  expect(inA.items.map((i) => parse(i.json).metadata.name)).toEqual(['x', 'y', 'z']);
  const all = t.store.list(configmaps);
  expect(names(all)).toEqual(['a/x', 'a/y', 'a/z', 'b/x', 'b/y', 'b/z', 'c/x', 'c/y', 'c/z']);
  expect(t.store.count(configmaps)).toBe(9);
  expect(t.store.count({ ...configmaps, namespace: 'b' })).toBe(3);
  expect(names(t.store.list({ ...configmaps, cluster: 'spoke1' }))).toEqual(['a/x']);
});

test('limit and continue page through all namespaces with remainingItemCount', () => {
  seed();
  const seen: string[] = [];
  let page = t.store.list(configmaps, { limit: 4 });
  expect(page.remainingItemCount).toBe(5);
  seen.push(...names(page));
  page = t.store.list(configmaps, { limit: 4, continue: page.continue });
  expect(page.remainingItemCount).toBe(1);
  seen.push(...names(page));
  page = t.store.list(configmaps, { limit: 4, continue: page.continue });
  expect(page.continue).toBeUndefined();
  seen.push(...names(page));
  expect(seen).toEqual(['a/x', 'a/y', 'a/z', 'b/x', 'b/y', 'b/z', 'c/x', 'c/y', 'c/z']);
});

test('later pages are consistent with the first page’s revision despite writes in between', () => {
  seed();
  const first = t.store.list({ ...configmaps, namespace: 'b' }, { limit: 1 });
  expect(names(first)).toEqual(['b/x']);
  t.store.delete(cm('b', 'y'));
  t.store.update(cm('b', 'z'), cmBody('b', 'z', { changed: 'yes' }));
  t.store.create(cm('b', 'yy'), cmBody('b', 'yy'));
  const rest = t.store.list({ ...configmaps, namespace: 'b' }, { continue: first.continue });
  expect(names(rest)).toEqual(['b/y', 'b/z']);
  expect(rest.revision).toBe(first.revision);
  expect(parse(rest.items[1].json).data).toEqual({});
  // The same through a second limited page, with the count as of the old revision.
  const second = t.store.list({ ...configmaps, namespace: 'b' }, { limit: 1, continue: first.continue });
  expect(names(second)).toEqual(['b/y']);
  expect(second.remainingItemCount).toBe(1);
  // A fresh list sees the new state.
  expect(names(t.store.list({ ...configmaps, namespace: 'b' }))).toEqual(['b/x', 'b/yy', 'b/z']);
});

test('list at an explicit older revision', () => {
  t.store.create(cm('a', 'one'), cmBody('a', 'one'));
  t.store.create(cm('a', 'two'), cmBody('a', 'two'));
  t.store.delete(cm('a', 'one'));
  expect(names(t.store.list(configmaps, { revision: 1 }))).toEqual(['a/one']);
  expect(names(t.store.list(configmaps, { revision: 2 }))).toEqual(['a/one', 'a/two']);
  expect(names(t.store.list(configmaps))).toEqual(['a/two']);
});

test('a continue token from before a compaction is Expired; a garbled one is InvalidContinue', () => {
  seed();
  const first = t.store.list(configmaps, { limit: 2 });
  t.store.update(cm('a', 'x'), cmBody('a', 'x'));
  t.store.compact(t.store.currentRevision());
  expect(() => t.store.list(configmaps, { continue: first.continue })).toThrow(StorageError);
  try {
    t.store.list(configmaps, { continue: first.continue });
  } catch (err) {
    expect((err as StorageError).reason).toBe('Expired');
    expect((err as StorageError).message).toMatch(/continue token/);
  }
  try {
    t.store.list(configmaps, { continue: 'not-a-token' });
    expect.unreachable();
  } catch (err) {
    expect((err as StorageError).reason).toBe('InvalidContinue');
  }
});
