import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/apiserver/errors.ts';
import { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from '../../../src/apiserver/http/patch/json-patch.ts';
import { applyMergePatch } from '../../../src/apiserver/http/patch/merge-patch.ts';

function errorOf(fn: () => unknown): ApiError {
  try { fn(); } catch (err) { if (err instanceof ApiError) return err; throw err; }
  throw new Error('expected an ApiError');
}

const doc = { metadata: { name: 'x', labels: { 'a/b': '1', 'c~d': '2' } }, list: [1, 2, 3] };

describe('applyJsonPatch (RFC 6902)', () => {
  it.each([
    ['add a member', [{ op: 'add', path: '/metadata/labels/new', value: 'v' }], (d: typeof doc) => { (d.metadata.labels as Record<string, string>).new = 'v'; }],
    ['add into an array', [{ op: 'add', path: '/list/1', value: 9 }], (d: typeof doc) => { d.list = [1, 9, 2, 3]; }],
    ['append with -', [{ op: 'add', path: '/list/-', value: 4 }], (d: typeof doc) => { d.list = [1, 2, 3, 4]; }],
    ['remove with ~1 escape', [{ op: 'remove', path: '/metadata/labels/a~1b' }], (d: typeof doc) => { delete (d.metadata.labels as Record<string, string>)['a/b']; }],
    ['replace with ~0 escape', [{ op: 'replace', path: '/metadata/labels/c~0d', value: '3' }], (d: typeof doc) => { d.metadata.labels['c~d'] = '3'; }],
    ['move', [{ op: 'move', from: '/list/0', path: '/list/-' }], (d: typeof doc) => { d.list = [2, 3, 1]; }],
    ['copy', [{ op: 'copy', from: '/metadata/name', path: '/metadata/labels/name' }], (d: typeof doc) => { (d.metadata.labels as Record<string, string>).name = 'x'; }],
    ['test then replace', [{ op: 'test', path: '/metadata/name', value: 'x' }, { op: 'replace', path: '/metadata/name', value: 'y' }],
      (d: typeof doc) => { d.metadata.name = 'y'; }],
  ])('%s', (_name, ops, mutate) => {
    const expected = structuredClone(doc);
    mutate(expected);
    expect(applyJsonPatch(doc, ops)).toEqual(expected);
  });

  it('does not modify the input document', () => {
    applyJsonPatch(doc, [{ op: 'remove', path: '/list/0' }]);
    expect(doc.list).toEqual([1, 2, 3]);
  });

  it.each([
    ['failing test', [{ op: 'test', path: '/metadata/name', value: 'z' }], 'testing value /metadata/name failed: test failed'],
    ['missing parent', [{ op: 'add', path: '/spec/x', value: 1 }], 'add operation does not apply: doc is missing path: "/spec/x": missing value'],
    ['remove of a missing key', [{ op: 'remove', path: '/metadata/nope' }], "error in remove for path: '/metadata/nope': Unable to remove nonexistent key: nope: missing value"],
    ['replace of a missing key', [{ op: 'replace', path: '/metadata/nope', value: 1 }], 'replace operation does not apply: doc is missing key: /metadata/nope: missing value'],
    ['index out of range', [{ op: 'add', path: '/list/7', value: 1 }], "error in add for path: '/list/7': Unable to access invalid index: 7: invalid index referenced"],
    ['unknown op', [{ op: 'frob', path: '/a' }], 'Unexpected kind: frob: unknown object type'],
  ])('%s answers 422 with the reason in the cause', (_name, ops, cause) => {
    const err = errorOf(() => applyJsonPatch(doc, ops));
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.message).toBe('the server rejected our request due to an error in our request');
    expect((err.status.details as { causes: { message: string }[] }).causes[0].message).toBe(cause);
  });

  it('rejects a body that is not a list of operations with 400', () => {
    const err = errorOf(() => applyJsonPatch(doc, { op: 'add' }));
    expect(err.code).toBe(400);
    expect(err.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  });

  it('limits the number of operations', () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/list/0', value: 1 }));
    expect(errorOf(() => applyJsonPatch(doc, ops)).code).toBe(413);
  });
});

describe('applyMergePatch (RFC 7386)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('RFC 7386 appendix A: %j + %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('rejects a null patch', () => {
    expect(errorOf(() => applyMergePatch({}, null)).code).toBe(400);
  });
});
