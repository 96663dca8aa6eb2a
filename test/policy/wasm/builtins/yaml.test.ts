// yaml.unmarshal, yaml.is_valid and yaml.marshal run natively in the runtime with OPA's semantics
// (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1 scalars, the first document, JSON-compatible values,
// and go-yaml's encoder style for marshal.
import { describe, expect, it } from 'vitest';
import { error, value } from './rego.ts';

const unmarshal = (s: string): Promise<unknown> => value('yaml.unmarshal(input.s)', { s });
const marshal = (x: unknown): Promise<unknown> => value('yaml.marshal(input.x)', { x });

describe('yaml.is_valid', () => {
  it('is false for a non-string and answers for strings', async () => {
    expect(await value('yaml.is_valid(input.foo)', { foo: 1 })).toBe(false);
    expect(await value('[yaml.is_valid(input.a), yaml.is_valid(input.b), yaml.is_valid(input.c), yaml.is_valid(input.d)]',
      { a: 'a: [1, 2]', b: 'a: [1, 2', c: 'a: b: c', d: 'a:\n\tb: 1' })).toEqual([true, false, false, false]);
  });
});

describe('yaml.unmarshal', () => {
  it('reads YAML 1.1 scalars as go-yaml v2 does', async () => {
    const doc = [
      'bools: [y, Yes, on, ON, n, No, off, TRUE, false]',
      'nulls: [~, null, Null, NULL, ]',
      'ints: [0x1F, 017, 0o17, 0b101, 1_000, -0x10, +5]',
      'floats: [1e3, .5, 1.5, 08]',
      'strings: [1e400, 2001-12-14, "12:30", yesno, 0x, .inf.x]',
      'empty:',
    ].join('\n');
    expect(await unmarshal(doc)).toEqual({
      bools: [true, true, true, true, false, false, false, true, false],
      nulls: [null, null, null, null],
      ints: [31, 15, 15, 5, 1000, -16, 5],
      floats: [1000, 0.5, 1.5, 8],
      strings: ['1e400', '2001-12-14', '12:30', 'yesno', '0x', '.inf.x'],
      empty: null,
    });
  });

  it('turns non-string map keys into their text (y is the boolean true)', async () => {
    expect(await unmarshal('1: one\n2.5: x\ny: yes-key\n0x10: hex\nfalse: f'))
      .toEqual({ '1': 'one', '2.5': 'x', true: 'yes-key', '16': 'hex', false: 'f' });
  });

  it('reads block and flow collections', async () => {
    const doc = [
      'spec:',
      '  containers:',
      '  - name: app',
      '    ports:',
      '    - containerPort: 80',
      '      protocol: TCP',
      '  - name: sidecar',
      '    args: ["--v", 2, {k: v}]',
      'matrix:',
      '- - 1',
      '  - 2',
      '- []',
      'flow: {a: [1,',
      '  2, # two',
      '  3], "quoted":1, b}',
      'pairs: [a: 1, b]',
    ].join('\n');
    expect(await unmarshal(doc)).toEqual({
      spec: { containers: [
        { name: 'app', ports: [{ containerPort: 80, protocol: 'TCP' }] },
        { name: 'sidecar', args: ['--v', 2, { k: 'v' }] },
      ] },
      matrix: [[1, 2], []],
      flow: { a: [1, 2, 3], quoted: 1, b: null },
      pairs: [{ a: 1 }, 'b'],
    });
    expect(await unmarshal('{"json": "ok", "n": [1, 2.5, true, null]}')).toEqual({ json: 'ok', n: [1, 2.5, true, null] });
  });

  it('folds plain and quoted scalars and reads escapes', async () => {
    const doc = [
      'plain: this is',
      '  a long',
      '',
      '  plain  # comment',
      "single: 'it''s",
      "  folded'",
      'double: "tab\\there \\u00e9 \\U0001F600 \\x41 \\',
      '  joined"',
    ].join('\n');
    expect(await unmarshal(doc)).toEqual({
      plain: 'this is a long\nplain',
      single: "it's folded",
      double: 'tab\there é 😀 A joined',
    });
  });

  it('reads literal and folded block scalars with chomping and indentation indicators', async () => {
    const doc = [
      'clip: |',
      '  line1',
      '  line2',
      '',
      'keep: |+',
      '  keep',
      '',
      'strip: >-',
      '  folded',
      '  text',
      '',
      '  para',
      'more: >',
      '  a',
      '    indented',
      '  b',
      'indicator: |2',
      '    two extra',
      '  none',
      'last: |',
      '  end',
    ].join('\n');
    expect(await unmarshal(doc)).toEqual({
      clip: 'line1\nline2\n',
      keep: 'keep\n\n',
      strip: 'folded text\npara',
      more: 'a\n  indented\nb\n',
      indicator: '  two extra\nnone\n',
      last: 'end',
    });
  });

  it('resolves anchors, aliases, merge keys and tags (y in a list is true too)', async () => {
    const doc = [
      'base: &base {a: 1, b: 2}',
      'other: &other {b: 3, c: 4}',
      'copy: *base',
      'merged:',
      '  <<: *base',
      '  b: 20',
      'both:',
      '  <<: [*base, *other]',
      'tags: [!!str 123, !!int "42", !!float 1, !custom x, !!bool "yes"]',
      'list: &l [x, y, z]',
      'again: *l',
    ].join('\n');
    expect(await unmarshal(doc)).toEqual({
      base: { a: 1, b: 2 },
      other: { b: 3, c: 4 },
      copy: { a: 1, b: 2 },
      merged: { a: 1, b: 20 },
      both: { a: 1, b: 2, c: 4 },
      tags: ['123', 42, 1, 'x', true],
      list: ['x', true, 'z'],
      again: ['x', true, 'z'],
    });
  });

  it('reads the first document only', async () => {
    expect(await unmarshal('%YAML 1.1\n---\nfirst: 1\n---\nsecond: 2\n')).toEqual({ first: 1 });
    expect(await unmarshal('--- \nfoo\n...\nbar')).toBe('foo');
    expect(await unmarshal('# only a comment\n')).toBeNull();
    expect(await unmarshal('')).toBeNull();
    expect(await unmarshal('a: 1\r\nb: [2]\r\n')).toEqual({ a: 1, b: [2] });
  });

  it('fails with go-yaml errors on text that is not YAML, and on non-strings', async () => {
    expect(await error('yaml.unmarshal(input.s)', { s: '[1,2,3' }))
      .toContain("eval_builtin_error: yaml.unmarshal: yaml: line 1: did not find expected ',' or ']'");
    expect(await error('yaml.unmarshal(input.s)', { s: 'a: 1\nb: *nope' }))
      .toContain("yaml.unmarshal: yaml: unknown anchor 'nope' referenced");
    expect(await error('yaml.unmarshal(input.s)', { s: 'a:\n\tb: 1' }))
      .toContain('yaml: line 2: found character that cannot start any token');
    expect(await error('yaml.unmarshal(input.s)', { s: 'a: b: c' }))
      .toContain('yaml: line 1: mapping values are not allowed in this context');
    expect(await error('yaml.unmarshal(input.s)', { s: 'a: !!int abc' }))
      .toContain('eval_builtin_error: yaml.unmarshal: yaml: cannot decode !!str `abc` as a !!int');
    expect(await error('yaml.unmarshal(input.s)', { s: 'x: .inf' })).toContain('json: unsupported value: +Inf');
    expect(await error('yaml.unmarshal(input.foo)', { foo: 1 }))
      .toContain('yaml.unmarshal: operand 1 must be string but got number');
    expect(await value('yaml.unmarshal("null")')).toBeNull();
  });
});

describe('yaml.marshal', () => {
  it('writes block style with sorted keys, unindented sequences under keys and flow empties', async () => {
    expect(await marshal({ b: [1, 2], a: { y: true, x: null }, c: [], d: {}, e: [[1, [2]], { m: 'n' }] })).toBe(
      'a:\n  x: null\n  "y": true\nb:\n- 1\n- 2\nc: []\nd: {}\ne:\n- - 1\n  - - 2\n- m: "n"\n');
    expect(await marshal({ a10: 1, a2: 2, B: 3, _x: 4, a: 5 })).toBe('_x: 4\nB: 3\na: 5\na2: 2\na10: 1\n');
    expect(await value('yaml.marshal([{"foo": {3, 1, 2}}])')).toBe('- foo:\n  - 1\n  - 2\n  - 3\n');
    expect(await marshal('foo')).toBe('foo\n');
    expect(await marshal(null)).toBe('null\n');
    expect(await marshal({})).toBe('{}\n');
  });

  it('quotes strings that would read back as another type or that contain special characters', async () => {
    const x = ['true', 'y', 'off', '~', '123', '0x1F', '.5', '', '2001-12-14', '1:20', 'a: b', '# x', ' lead', '- x',
      '[x', 'tab\there', "it's", 'plain text', 'héllo', '😀', 'say "hi"'];
    expect(await marshal(x)).toBe([
      '- "true"', '- "y"', '- "off"', '- "~"', '- "123"', '- "0x1F"', '- ".5"', '- ""', '- "2001-12-14"', '- "1:20"',
      "- 'a: b'", "- '# x'", "- ' lead'", "- '- x'", "- '[x'", '- "tab\\there"', "- it's", '- plain text',
      '- héllo', '- "\\U0001F600"', '- say "hi"', '',
    ].join('\n'));
  });

  it('writes multi-line strings as literal blocks and folds long lines after column 80', async () => {
    expect(await marshal({ a: 'x\ny', b: 'x\ny\n', c: 'x\n\n', d: ' lead\nx', e: 'trail \nx' })).toBe(
      'a: |-\n  x\n  y\nb: |\n  x\n  y\nc: |+\n  x\n\nd: |2-\n   lead\n  x\ne: "trail \\nx"\n');
    expect(await marshal('a\nb')).toBe('|-\n  a\n  b\n');
    const long = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore';
    expect(await marshal({ description: long })).toBe(
      'description: lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod\n' +
      '  tempor incididunt ut labore\n');
  });

  it('writes long and multi-line keys as explicit "? key" entries', async () => {
    expect(await marshal({ ['k'.repeat(130)]: [1, 2], 'a\nb': { c: 1 } })).toBe(
      `? |-\n  a\n  b\n: c: 1\n? ${'k'.repeat(130)}\n: - 1\n  - 2\n`);
  });

  it('writes numbers as go-yaml reads their JSON text back', async () => {
    expect(await value('yaml.marshal([1, 1.0, 1.5, 100000000, 1e21, 0.000001, -7])'))
      .toBe('- 1\n- 1\n- 1.5\n- 100000000\n- 1e+21\n- 1e-06\n- -7\n');
  });

  it('round-trips through yaml.unmarshal', async () => {
    const x = { name: 'app', on: 'yes', n: '1', list: ['a: b', '', 'multi\nline\n', { k: [true, null, 2.5] }],
      empty: {}, nested: { deeper: { deepest: [[]] } }, text: 'x'.repeat(50) + ' ' + 'y'.repeat(50),
      ['k'.repeat(130)]: [1], 'multi\nline key': { a: 1 } };
    expect(await value('yaml.unmarshal(yaml.marshal(input.x))', { x })).toEqual(x);
  });
});
