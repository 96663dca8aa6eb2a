import { afterEach, beforeEach, expect, test } from 'vitest';
import { StorageError, type StoreEvent } from '../../../src/apiserver/storage/types.ts';
import { cm, cmBody, parse, tempStore, type TempStore } from './store-helpers.ts';

let t: TempStore;
beforeEach(() => (t = tempStore()));
afterEach(() => t.cleanup());

const configmaps = { cluster: '', group: '', resource: 'configmaps' };
const summary = (e: StoreEvent) => `${e.type} ${e.key.namespace}/${e.key.name}@${e.revision}`;

test('live events arrive synchronously, in order, with the previous state', () => {
  const events: StoreEvent[] = [];
  const w = t.store.watch(configmaps, { fromRevision: t.store.currentRevision() }, (e) => events.push(e));
  t.store.create(cm('a', 'x'), cmBody('a', 'x', { v: '1' }));
  expect(events.map(summary)).toEqual(['ADDED a/x@1']);
  t.store.update(cm('a', 'x'), cmBody('a', 'x', { v: '2' }));
  t.store.delete(cm('a', 'x'));
  expect(events.map(summary)).toEqual(['ADDED a/x@1', 'MODIFIED a/x@2', 'DELETED a/x@3']);
  expect(parse(events[1].prevJson!).data).toEqual({ v: '1' });
  expect(parse(events[2].json).metadata.resourceVersion).toBe('3');
  expect(parse(events[2].prevJson!).data).toEqual({ v: '2' });
  w.stop();
  t.store.create(cm('a', 'y'), cmBody('a', 'y'));
  expect(events).toHaveLength(3);
});

test('a namespace watch sees only its namespace; other resources and clusters are not delivered', () => {
  const inA: string[] = [];
  const all: string[] = [];
  t.store.watch({ ...configmaps, namespace: 'a' }, { fromRevision: 0 }, (e) => inA.push(summary(e)));
  t.store.watch(configmaps, { fromRevision: 0 }, (e) => all.push(summary(e)));
  t.store.create(cm('a', 'x'), cmBody('a', 'x'));
  t.store.create(cm('b', 'x'), cmBody('b', 'x'));
  t.store.create(cm('a', 'x', 'spoke1'), cmBody('a', 'x'));
  t.store.create({ ...cm('a', 'x'), resource: 'secrets' }, cmBody('a', 'x'));
  expect(inA).toEqual(['ADDED a/x@1']);
  expect(all).toEqual(['ADDED a/x@1', 'ADDED b/x@2']);
});

test('a watch from an older revision replays the log, then continues live without gaps or repeats', () => {
  t.store.create(cm('a', 'x'), cmBody('a', 'x', { v: '1' }));
  t.store.create(cm('b', 'y'), cmBody('b', 'y'));
  t.store.update(cm('a', 'x'), cmBody('a', 'x', { v: '2' }));
  t.store.delete(cm('b', 'y'));
  const events: StoreEvent[] = [];
  t.store.watch(configmaps, { fromRevision: 1 }, (e) => events.push(e));
  expect(events.map(summary)).toEqual(['ADDED b/y@2', 'MODIFIED a/x@3', 'DELETED b/y@4']);
  expect(parse(events[1].prevJson!).data).toEqual({ v: '1' });
  t.store.create(cm('c', 'z'), cmBody('c', 'z'));
  expect(events.map(summary).slice(3)).toEqual(['ADDED c/z@5']);
  const inA: string[] = [];
  t.store.watch({ ...configmaps, namespace: 'a' }, { fromRevision: 0 }, (e) => inA.push(summary(e)));
  expect(inA).toEqual(['ADDED a/x@1', 'MODIFIED a/x@3']);
});

test('after compaction, watches from compacted revisions are Expired and newer ones still replay', () => {
  for (let i = 0; i < 4; i++) t.store.create(cm('a', `o${i}`), cmBody('a', `o${i}`));
  t.store.update(cm('a', 'o0'), cmBody('a', 'o0', { v: '2' }));
  t.store.delete(cm('a', 'o1'));
  t.store.compact(4);
  expect(t.store.compactedRevision()).toBe(4);
  let caught: unknown;
  try {
    t.store.watch(configmaps, { fromRevision: 3 }, () => undefined);
  } catch (err) {
    caught = err;
  }
  expect((caught as StorageError).reason).toBe('Expired');
  expect((caught as StorageError).revision).toBe(4);
  const events: StoreEvent[] = [];
  t.store.watch(configmaps, { fromRevision: 4 }, (e) => events.push(e));
  expect(events.map(summary)).toEqual(['MODIFIED a/o0@5', 'DELETED a/o1@6']);
  // The previous states the retained events refer to survive compaction.
  expect(events[0].prevJson).toBeDefined();
  expect(events[1].prevJson).toBeDefined();
  // Live objects survive compaction at any revision.
  t.store.compact(t.store.currentRevision());
  expect(t.store.list(configmaps).items.map((i) => i.key.name)).toEqual(['o0', 'o2', 'o3']);
  expect(parse(t.store.get(cm('a', 'o0'))!.json).data).toEqual({ v: '2' });
});

test('events of writes made inside a watcher callback reach every watcher in revision order', () => {
  const first: number[] = [];
  const second: number[] = [];
  t.store.watch(configmaps, { fromRevision: 0 }, (e) => {
    first.push(e.revision);
    if (e.key.name === 'trigger') t.store.create(cm('a', 'reaction'), cmBody('a', 'reaction'));
  });
  t.store.watch(configmaps, { fromRevision: 0 }, (e) => second.push(e.revision));
  t.store.create(cm('a', 'trigger'), cmBody('a', 'trigger'));
  expect(first).toEqual([1, 2]);
  expect(second).toEqual([1, 2]);
});

test('a watcher that throws is stopped; the write and the other watchers are unaffected', () => {
  const errors: unknown[] = [];
  t.reopen({ onWatcherError: (err) => errors.push(err) });
  const ok: number[] = [];
  let calls = 0;
  t.store.watch(configmaps, { fromRevision: 0 }, () => {
    calls++;
    throw new Error('consumer broke');
  });
  t.store.watch(configmaps, { fromRevision: 0 }, (e) => ok.push(e.revision));
  t.store.create(cm('a', 'x'), cmBody('a', 'x'));
  t.store.create(cm('a', 'y'), cmBody('a', 'y'));
  expect(calls).toBe(1);
  expect(errors).toHaveLength(1);
  expect(ok).toEqual([1, 2]);
  expect(t.store.get(cm('a', 'x'))).toBeDefined();
});

test('watchAll sees every cluster and resource from now on', () => {
  t.store.create(cm('a', 'before'), cmBody('a', 'before'));
  const seen: string[] = [];
  t.store.watchAll((e) => seen.push(`${e.key.cluster}:${e.key.resource}:${e.key.name}`));
  t.store.create(cm('a', 'x', 'spoke1'), cmBody('a', 'x'));
  t.store.create({ ...cm('', 'n1'), resource: 'namespaces' }, { metadata: { name: 'n1' } });
  expect(seen).toEqual(['spoke1:configmaps:x', ':namespaces:n1']);
});

test('a thousand namespace watches each get exactly their own namespace’s events', () => {
  const counts = new Array<number>(1000).fill(0);
  for (let i = 0; i < 1000; i++) {
    t.store.watch({ ...configmaps, namespace: `ns${i}` }, { fromRevision: 0 }, () => counts[i]++);
  }
  for (let i = 0; i < 1000; i += 7) t.store.create(cm(`ns${i}`, 'x'), cmBody(`ns${i}`, 'x'));
  expect(counts.every((c, i) => c === (i % 7 === 0 ? 1 : 0))).toBe(true);
});
