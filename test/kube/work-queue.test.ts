import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../src/kube/work-queue.ts';
import { setCondition } from '../../src/kube/conditions.ts';

describe('work queue', () => {
  it('de-duplicates items added before a worker takes them', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
  });

  it('never hands an item to two workers; re-adds during processing run once afterwards', async () => {
    const q = new WorkQueue<string>();
    q.add('a');
    const first = await q.get();
    q.add('a');
    q.add('a');
    expect(q.length).toBe(0); // held back while 'a' is processed
    q.done(first!);
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('a');
    q.done('a');
    expect(q.length).toBe(0);
  });

  it('backs off exponentially per item and forgets on success', async () => {
    const q = new WorkQueue<string>({ baseDelayMs: 1, maxDelayMs: 4 });
    for (let i = 0; i < 4; i++) {
      q.addRateLimited('x');
      expect(await q.get()).toBe('x');
      q.done('x');
    }
    expect(q.retries('x')).toBe(4);
    q.forget('x');
    expect(q.retries('x')).toBe(0);
  });

  it('wakes waiting workers with undefined on shutdown', async () => {
    const q = new WorkQueue<string>();
    const pending = q.get();
    q.shutDown();
    expect(await pending).toBeUndefined();
    q.add('late');
    expect(q.length).toBe(0);
  });
});

describe('conditions', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const t1 = new Date('2026-01-01T00:05:00Z');
  it('keeps lastTransitionTime unless the status flips, and reports no-op updates by identity', () => {
    const a = setCondition(undefined, { type: 'Available', status: 'True', reason: 'Up' }, t0);
    expect(a[0].lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    const b = setCondition(a, { type: 'Available', status: 'True', reason: 'Up' }, t1);
    expect(b).toBe(a);
    const c = setCondition(b, { type: 'Available', status: 'True', reason: 'StillUp' }, t1);
    expect(c[0]).toMatchObject({ reason: 'StillUp', lastTransitionTime: '2026-01-01T00:00:00Z' });
    const d = setCondition(c, { type: 'Available', status: 'Unknown', reason: 'LeaseExpired' }, t1);
    expect(d[0].lastTransitionTime).toBe('2026-01-01T00:05:00Z');
  });
});

describe('work queue idleness', () => {
  it('is idle only when nothing is queued, processed or scheduled', async () => {
    const q = new WorkQueue<string>({ baseDelayMs: 1 });
    expect(q.idle).toBe(true);
    q.add('a');
    expect(q.idle).toBe(false);
    const a = await q.get();
    expect(q.idle).toBe(false);
    q.addRateLimited(a!);
    q.done(a!);
    expect(q.idle).toBe(false); // the retry is scheduled
    expect(await q.get()).toBe('a');
    q.done('a');
    expect(q.idle).toBe(true);
  });
});

describe('work queue retry cap', () => {
  it('retries an item within the given cap however often it failed before, without resetting its count', async () => {
    const q = new WorkQueue<string>({ baseDelayMs: 1_000, maxDelayMs: 3_600_000 });
    for (let i = 0; i < 12; i++) q.addRateLimited('x', 5); // uncapped, the 12th delay would be about an hour
    expect(q.retries('x')).toBe(12);
    q.shutDown(); // clears the pending timers from the loop above
    const fresh = new WorkQueue<string>({ baseDelayMs: 1_000, maxDelayMs: 3_600_000 });
    for (let i = 0; i < 12; i++) {
      fresh.addRateLimited('y', 5);
      expect(await fresh.get()).toBe('y'); // would hang past the test timeout if the 1 s, 2 s, 4 s ... backoff applied
      fresh.done('y');
    }
    expect(fresh.retries('y')).toBe(12);
  });
});
