// Calls of user functions are memoised for one evaluation (runtime fmemo.ts). What a user sees
// must not change: results under `with` are their own, undefined results stay undefined, calls
// with equal scalars built anew share a result, and the next evaluation starts afresh.
import { describe, expect, it } from 'vitest';
import { compileModules, loadPolicy } from '../../../src/policy/index.ts';

async function policyOf(source: string, entrypoints: string[]) {
  return loadPolicy(await compileModules([{ filename: 'memo.rego', source }], { entrypoints, regoVersion: 1 }));
}

const MODULE = `package memo

label(item) := sprintf("%v-%v", [item.name, input.suffix])

big(n) if n > 1

width(s) := count(s)

plain := [label(item) | some item in input.items]

shadowed := x if x := [label(item) | some item in input.items] with input.suffix as "W"

again := label(input.items[0])

# all three in one evaluation, so they share its memo
together := [plain, shadowed, again]

bigs := [n | some n in input.nums; big(n)]

widths := [width(concat("", [s, "!"])) | some s in input.words]
`;

describe('memoised function calls', () => {
  it('keeps results computed under with apart from the others', async () => {
    const p = await policyOf(MODULE, ['memo/together']);
    const input = { suffix: 'S', items: [{ name: 'a' }, { name: 'b' }, { name: 'a' }] };
    for (let i = 0; i < 3; i++) {
      expect(p.evaluate('memo/together', input).result).toEqual([['a-S', 'b-S', 'a-S'], ['a-W', 'b-W', 'a-W'], 'a-S']);
    }
  });

  it('starts every evaluation afresh', async () => {
    const p = await policyOf(MODULE, ['memo/plain']);
    expect(p.evaluate('memo/plain', { suffix: '1', items: [{ name: 'x' }] }).result).toEqual(['x-1']);
    expect(p.evaluateJson('memo/plain', '{"suffix":"2","items":[{"name":"x"}]}').result).toEqual(['x-2']);
  });

  it('remembers undefined results and shares results between equal scalars', async () => {
    const p = await policyOf(MODULE, ['memo/bigs', 'memo/widths']);
    expect(p.evaluate('memo/bigs', { nums: [1, 2, 1, 3, 2, 0] }).result).toEqual([2, 3, 2]);
    expect(p.evaluate('memo/widths', { words: ['ab', 'abc', 'ab', ''] }).result).toEqual([3, 4, 3, 1]);
  });
});
