// regex.* builtins run natively in the wasm runtime: RE2 syntax and Go's regexp semantics.
import { describe, expect, it } from 'vitest';
import { error, value } from './rego.ts';

describe('regex.match', () => {
  it('matches the patterns Kubernetes policies use', async () => {
    expect(await value('regex.match(`^[a-z]+\\d{2,3}$`, "abc123")')).toBe(true);
    expect(await value('regex.match(`^[a-z]+\\d{2,3}$`, "abc1234")')).toBe(false);
    expect(await value('regex.match(`^(gcr\\.io|quay\\.io)/`, "quay.io/app:1")')).toBe(true);
    expect(await value('regex.match(`(?i)^FOO(bar|baz)?$`, "fooBAZ")')).toBe(true);
    expect(await value('regex.match(`^[[:alpha:]]+[^\\s]*$`, "ab-c")')).toBe(true);
    expect(await value('regex.match(`^\\w+@\\w+\\.com$`, "a_b@x.com")')).toBe(true);
    expect(await value('regex.match(`^.{3}$`, "héé")')).toBe(true); // code points, not bytes
  });

  it('anchors $ at the end of text only, as RE2 does without (?m)', async () => {
    expect(await value('regex.match(`^a$`, "a\\n")')).toBe(false);
    expect(await value('regex.match(`(?m)^a$`, "b\\na\\nc")')).toBe(true);
  });

  it('stays linear on patterns that make backtracking engines explode', async () => {
    const longA = 'concat("", array.concat([x | some i in numbers.range(1, 2000); x := "a"], ["b"]))';
    expect(await value(`regex.match(\`^(a+)+$\`, ${longA})`)).toBe(false);
    expect(await value('regex.match(`^(a|aa)*$`, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")')).toBe(false);
  });

  it('reports invalid patterns as Go does', async () => {
    expect(await error('regex.match(`[a`, "a")')).toContain('eval_builtin_error: regex.match: error parsing regexp: missing closing ]: `[a`');
    expect(await value('regex.is_valid(`(a`)')).toBe(false);
    expect(await value('regex.is_valid(`a{2,1}`)')).toBe(false);
    expect(await value('regex.is_valid(`a**`)')).toBe(false);
    expect(await value('regex.is_valid(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)')).toBe(true);
    expect(await value('regex.is_valid(1)')).toBe(false);
  });
});

describe('regex find, split and replace', () => {
  it('finds leftmost-first matches, lazy and greedy', async () => {
    expect(await value('regex.find_n(`a.`, "abacad", -1)')).toEqual(['ab', 'ac', 'ad']);
    expect(await value('regex.find_n(`a.*?x`, "aaxbx", 1)')).toEqual(['aax']);
    expect(await value('regex.find_n(`a.*x`, "aaxbx", 1)')).toEqual(['aaxbx']);
    expect(await value('regex.find_n(``, "abc", -1)')).toEqual(['', '', '', '']);
  });

  it('returns submatches with "" for groups that did not take part', async () => {
    expect(await value('regex.find_all_string_submatch_n(`(a)(x)?(.)`, "abacad", 2)')).toEqual([
      ['ab', 'a', '', 'b'],
      ['ac', 'a', '', 'c'],
    ]);
  });

  it('splits and replaces like Go regexp', async () => {
    expect(await value('regex.split(`a*`, "baaac")')).toEqual(['b', 'c']);
    expect(await value('regex.split(`,\\s*`, "a, b,c")')).toEqual(['a', 'b', 'c']);
    expect(await value('regex.replace("abcabc", `(b)(c)`, "[$2$1]")')).toBe('a[cb]a[cb]');
    expect(await value('regex.replace("aaa", `a*`, "x")')).toBe('x');
    expect(await value('regex.replace("a-b", `-`, "$$")')).toBe('a$b');
  });
});
