// regex.globs_match: do two glob-like patterns share a string?
import { describe, expect, it } from 'vitest';
import { error, value } from './rego-eval.ts';

const m = (a: string, b: string) => value(`regex.globs_match(${JSON.stringify(a)}, ${JSON.stringify(b)})`);

describe('regex.globs_match', () => {
  it('finds a common string through wildcards, classes and repetition', async () => {
    expect(await m('a.a.[0-9]+z', '.b.b2359825792*594823z')).toBe(true);
    expect(await m('img-[a-f0-9]+', 'img-.*')).toBe(true);
    expect(await m('[^a-z]+', '[0-9]')).toBe(true);
    expect(await m('foo\\[1\\]', '[a-z]+\\[[0-9]+\\]')).toBe(true);
  });

  it('says false when the patterns cannot meet', async () => {
    expect(await m('[a-z]+', '[0-9]*')).toBe(false);
    expect(await m('abc', 'abd')).toBe(false);
    expect(await m('[^0-9]', '[0-9]')).toBe(false);
    expect(await m('a+', 'b*')).toBe(false);
  });

  it('rejects malformed patterns with the position', async () => {
    expect(await error('regex.globs_match("pqrs]", "[a-b]+")')).toContain("input:pqrs], pos:5, set-close ']' with no preceding '[': the input provided is invalid");
    expect(await error('regex.globs_match("[ab", "a")')).toContain("set-open '[' with no closing ']'");
    expect(await error('regex.globs_match("*a", "a")')).toContain("quantifier '*' with no preceding token");
  });
});
