// The SDK's heap contract and the limits the engine relies on to stop runaway policies.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import type * as ir from '../../../src/policy/ir/ir.ts';
import { generateWasm } from '../../../src/policy/wasm/codegen.ts';
import { PolicyBuilder, l, abortMessage, load, internals, type LoadedPolicy } from './helpers.ts';
import { requiredLabels, podReview } from './fixtures.ts';

interface HeapExports {
  opa_heap_ptr_get(): number;
  opa_heap_limit_set(limit: number): void;
  opa_eval_budget_set(steps: bigint): void;
}

function exportsOf(p: LoadedPolicy): HeapExports {
  return internals<HeapExports>(p).exports;
}

/** Builds an array of input.n * input.n elements with two nested scans (a "runaway" policy). */
function quadratic(): ir.Policy {
  const b = new PolicyBuilder();
  b.builtin('numbers.range', 2);
  return b.plan('q', [[
    { type: 'DotStmt', source: l(0), key: b.str('xs'), target: 2 },
    { type: 'MakeArrayStmt', capacity: 0, target: 3 },
    { type: 'ScanStmt', source: 2, key: 4, value: 5, block: { stmts: [
      { type: 'ScanStmt', source: 2, key: 6, value: 7, block: { stmts: [
        { type: 'MakeArrayStmt', capacity: 2, target: 8 },
        { type: 'ArrayAppendStmt', value: l(5), array: 8 },
        { type: 'ArrayAppendStmt', value: l(7), array: 8 },
        { type: 'ArrayAppendStmt', value: l(8), array: 3 },
      ] } },
    ] } },
    { type: 'LenStmt', source: l(3), target: 9 },
    ...b.result(9, 10),
  ]]).build();
}

describe('heap', () => {
  for (const minor of [2, 1] as const) {
    it(`does not grow across 1,000 evaluations (ABI minor ${minor})`, async () => {
      const p = await loadPolicy(generateWasm(requiredLabels(), { abiMinorVersion: minor }));
      const input = podReview({ app: 'web' });
      const { mem } = internals<HeapExports>(p);
      p.evaluate(input, 'k8srequiredlabels/violation');
      const pages = mem.buffer.byteLength;
      const heapAfterFirst = exportsOf(p).opa_heap_ptr_get();
      for (let i = 0; i < 1000; i++) p.evaluate(input, 'k8srequiredlabels/violation');
      expect(mem.buffer.byteLength).toBe(pages);
      expect(exportsOf(p).opa_heap_ptr_get()).toBe(heapAfterFirst);
    });
  }

  it('keeps data intact across evaluations and setData calls', async () => {
    const b = new PolicyBuilder();
    b.plan('d', [[{ type: 'DotStmt', source: l(1), key: b.str('v'), target: 2 }, ...b.result(2, 3)]]);
    const p = await load(b.build());
    p.setData({ v: { list: ['a', 'b'] } });
    for (let i = 0; i < 50; i++) expect(p.evaluate({ big: 'x'.repeat(10_000) })).toEqual([{ result: { list: ['a', 'b'] } }]);
    p.setData({ v: 2 });
    expect(p.evaluate({})).toEqual([{ result: 2 }]);
  });

  it('loads policies whose constants exceed the SDK\'s initial memory', async () => {
    const b = new PolicyBuilder();
    const big = 'x'.repeat(600_000); // more than the 5 pages (320 KiB) the SDK starts with
    b.plan('big', [[{ type: 'AssignVarStmt', source: b.str(big), target: 2 }, { type: 'LenStmt', source: l(2), target: 3 }, ...b.result(3, 4)]]);
    const p = await load(b.build());
    expect(p.evaluate({})).toEqual([{ result: 600_000 }]);
    expect(p.evaluate({})).toEqual([{ result: 600_000 }]);
  });

  it('grows memory for large inputs', async () => {
    const b = new PolicyBuilder();
    b.plan('echo', [b.result(0, 2)]);
    const p = await load(b.build());
    const big = { items: Array.from({ length: 50_000 }, (_, i) => ({ i, name: `item-${i}` })) };
    expect(p.evaluate(big)).toEqual([{ result: big }]);
  });
});

describe('limits for runaway policies', () => {
  it('aborts with a clear message when memory.maximum is reached', async () => {
    const p = await loadPolicy(generateWasm(quadratic()), { initial: 5, maximum: 8 });
    expect(p.evaluate({ xs: [1, 2, 3] })).toEqual([{ result: 9 }]);
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    expect(abortMessage(() => p.evaluate({ xs }))).toBe('opa_malloc: out of memory: cannot grow memory');
    // the policy still works afterwards
    expect(p.evaluate({ xs: [1, 2] })).toEqual([{ result: 4 }]);
  });

  it('aborts at the heap limit set by the host', async () => {
    const p = await load(quadratic());
    exportsOf(p).opa_heap_limit_set(exportsOf(p).opa_heap_ptr_get() + 1024 * 1024);
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    expect(abortMessage(() => p.evaluate({ xs }))).toBe('opa_malloc: out of memory: heap limit reached');
    exportsOf(p).opa_heap_limit_set(0);
    expect(p.evaluate({ xs })).toEqual([{ result: 1_000_000 }]);
  });

  it('aborts when the step budget is used up, per evaluation', async () => {
    const p = await load(quadratic());
    exportsOf(p).opa_eval_budget_set(10_000n);
    const small = Array.from({ length: 90 }, (_, i) => i); // 90 + 8100 steps
    expect(p.evaluate({ xs: small })).toEqual([{ result: 8100 }]);
    expect(p.evaluate({ xs: small })).toEqual([{ result: 8100 }]); // the budget resets per evaluation
    const xs = Array.from({ length: 200 }, (_, i) => i);
    expect(abortMessage(() => p.evaluate({ xs }))).toBe('eval_cancel_error: evaluation step limit exceeded');
  });
});
