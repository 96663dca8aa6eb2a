import { expect, test } from 'vitest';
import { compilePolicy } from '../../../src/policy/rego/compiler/index.ts';
import { printPolicy } from '../../../src/policy/ir/print.ts';

test('printPolicy shows functions, plans, nested blocks and string constants', () => {
  const policy = compilePolicy([{ filename: 'p.rego', source: 'package a\n\nnames contains n if n := input.items[_].name\n' }], { entrypoints: ['a/names'] });
  const text = printPolicy(policy);
  expect(text).toContain('func g0.data.a.names(l0, l1) -> l2');
  expect(text).toContain('plan a/names');
  expect(text).toMatch(/Dot source=l0 key="items" target=l\d+/);
  expect(text).toMatch(/\n {4}Scan source=l\d+ key=l\d+ value=l\d+\n {6}/);
  expect(text).toContain('ResultSetAdd');
});
