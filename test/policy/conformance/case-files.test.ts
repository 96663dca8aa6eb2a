import { describe, expect, it } from 'vitest';
import { folderOf, regoVersionOf } from '../../../src/policy/engine/conformance/rego-cases.ts';

describe('conformance case files', () => {
  it('runs cases under any v0 folder as Rego v0, whichever folder --cases names', () => {
    expect(regoVersionOf('v0/withkeyword/test-with.yaml')).toBe(0);
    expect(regoVersionOf('../shared/conformance/rego/v0/withkeyword/test-with.yaml')).toBe(0);
    expect(regoVersionOf('v1/withkeyword/test-with.yaml')).toBe(1);
    expect(regoVersionOf('../shared/conformance/rego/v1/v0ish/test.yaml')).toBe(1);
  });
  it('reports each case under its folder', () => {
    expect(folderOf('v1/aggregates/test-aggregates-0.yaml')).toBe('v1/aggregates');
  });
});
