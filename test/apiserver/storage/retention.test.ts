import { afterEach, beforeEach, expect, test } from 'vitest';
import { Retention } from '../../../src/apiserver/storage/retention.ts';
import { cm, cmBody, tempStore, type TempStore } from './store-helpers.ts';

let t: TempStore;
beforeEach(() => (t = tempStore()));
afterEach(() => t.cleanup());

test('history is kept while it is among the newest N revisions or younger than T', () => {
  let current = 0;
  const compactions: number[] = [];
  const r = new Retention({ retainRevisions: 10, retainMs: 60_000, compactIntervalMs: 0 }, () => current, (rev) => compactions.push(rev));
  const t0 = 1_000_000;
  current = 100;
  r.tick(t0); // revision 100 at t0
  current = 200;
  r.tick(t0 + 30_000);
  expect(compactions).toEqual([]); // nothing is older than a minute yet
  current = 300;
  r.tick(t0 + 61_000);
  expect(compactions).toEqual([100]); // revision 100 was current a minute ago; 290 by count
  current = 305;
  r.tick(t0 + 200_000);
  expect(compactions).toEqual([100, 295]); // by age everything, by count the newest 10 stay
  r.stop();
});

test('the store compacts automatically on its timer', async () => {
  t.reopen({ retainRevisions: 2, retainMs: 0, compactIntervalMs: 20 });
  for (let i = 0; i < 6; i++) t.store.create(cm('a', `o${i}`), cmBody('a', `o${i}`));
  await expect.poll(() => t.store.compactedRevision(), { timeout: 5000 }).toBe(4);
  expect(t.store.count({ cluster: '', group: '', resource: 'configmaps' })).toBe(6);
});
