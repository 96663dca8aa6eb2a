// Compiled regexes are cached per evaluation, keyed by pattern text; the cache must forget them
// when the SDK resets the heap, where the next input (and its patterns) may land at the same place.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compilePolicy } from '../../../src/policy/rego/compiler/index.ts';
import { generateWasm } from '../../../src/policy/wasm/codegen.ts';

const source = `
package cache

matches[name] {
  some name
  pattern := input.patterns[name]
  s := input.subjects[_]
  regex.match(pattern, s)
}
`;

async function policy() {
  const ir = compilePolicy([{ filename: 'cache.rego', source }], { entrypoints: ['cache/matches'], regoVersion: 0 });
  return loadPolicy(generateWasm(ir));
}

function matches(p: Awaited<ReturnType<typeof policy>>, input: unknown): string[] {
  return [...(p.evaluate(input)[0].result as string[])].sort();
}

describe('regex.match with a per-evaluation program cache', () => {
  it('tells apart more patterns than the cache holds within one evaluation', async () => {
    const p = await policy();
    const patterns = { a: '^a+$', b: '^b+$', c: '^c+$', d: '^d+$', e: '^e+$', f: '^[0-9]+$' };
    expect(matches(p, { patterns, subjects: ['aaa', 'ccc', 'f', '42', 'zz'] })).toEqual(['a', 'c', 'f']);
    expect(matches(p, { patterns, subjects: ['bb', 'eee', 'dd'] })).toEqual(['b', 'd', 'e']);
  });

  it('uses the new pattern when the next input puts a different one at the same place', async () => {
    const p = await policy();
    // same layout, same length, different text: the pattern bytes land on the same heap addresses
    expect(matches(p, { patterns: { x: '^ab$' }, subjects: ['ab'] })).toEqual(['x']);
    expect(matches(p, { patterns: { x: '^cd$' }, subjects: ['ab'] })).toEqual([]);
    expect(matches(p, { patterns: { x: '^cd$' }, subjects: ['cd'] })).toEqual(['x']);
    expect(matches(p, { patterns: { x: '^ab$' }, subjects: ['cd'] })).toEqual([]);
  });

  it('still reports an invalid pattern after a valid one was cached', async () => {
    const p = await policy();
    expect(matches(p, { patterns: { ok: '^a$', bad: '(' }, subjects: ['a'] })).toEqual(['ok']);
  });
});
