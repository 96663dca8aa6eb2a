import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/apiserver/errors.ts';
import { applyStrategicMergePatch, patchMetaFor } from '../../../src/apiserver/http/patch/strategic.ts';

const deployment = patchMetaFor('apps', 'Deployment');
const configMap = patchMetaFor('', 'ConfigMap');

function errorOf(fn: () => unknown): ApiError {
  try { fn(); } catch (err) { if (err instanceof ApiError) return err; throw err; }
  throw new Error('expected an ApiError');
}

function podTemplate(spec: Record<string, unknown>): Record<string, unknown> {
  return { spec: { template: { spec } } };
}

describe('strategic merge patch: default semantics (B.2)', () => {
  it.each([
    ['null deletes a key', { data: { a: '1', b: '2' } }, { data: { a: null } }, { data: { b: '2' } }],
    ['null on an absent key is ignored', { data: { a: '1' } }, { data: { z: null } }, { data: { a: '1' } }],
    ['maps merge per key', { metadata: { labels: { a: '1' } } }, { metadata: { labels: { b: '2', a: null } } },
      { metadata: { labels: { b: '2' } } }],
    ['scalars replace', { data: { a: '1' } }, { data: { a: '2' } }, { data: { a: '2' } }],
    ['type change takes the patch value', { data: 'x' }, { data: { a: '1' } }, { data: { a: '1' } }],
    ['absent key takes the patch minus nulls', {}, { data: { a: '1', b: null } }, { data: { a: '1' } }],
    ['absent key with a $patch object is dropped (upstream quirk)', {}, { data: { $patch: 'replace', a: '1' } }, {}],
    ['$patch: replace replaces a map', { data: { a: '1', b: '2' } }, { data: { $patch: 'replace', only: 'this' } },
      { data: { only: 'this' } }],
    ['$patch: delete empties a map', { data: { a: '1' } }, { data: { $patch: 'delete' } }, { data: {} }],
  ])('%s', (_name, doc, patch, expected) => {
    expect(applyStrategicMergePatch(doc, patch, configMap)).toEqual(expected);
  });

  it('does not modify its inputs', () => {
    const doc = { data: { a: '1' } };
    const patch = { data: { a: null } };
    applyStrategicMergePatch(doc, patch, configMap);
    expect(doc).toEqual({ data: { a: '1' } });
    expect(patch).toEqual({ data: { a: null } });
  });

  it('replaces lists without a merge strategy (role rules)', () => {
    const role = { rules: [{ verbs: ['get'], resources: ['pods'] }] };
    expect(applyStrategicMergePatch(role, { rules: [{ verbs: ['list'] }] }, patchMetaFor('rbac.authorization.k8s.io', 'Role')))
      .toEqual({ rules: [{ verbs: ['list'] }] });
  });

  it('replaces objects tagged replace (PDB selector)', () => {
    const pdb = { spec: { selector: { matchLabels: { a: '1' } } } };
    expect(applyStrategicMergePatch(pdb, { spec: { selector: { matchLabels: { b: '2' } } } }, patchMetaFor('policy', 'PodDisruptionBudget')))
      .toEqual({ spec: { selector: { matchLabels: { b: '2' } } } });
  });
});

describe('strategic merge patch: keyed lists and ordering (B.4)', () => {
  it('merges containers by name; a new item goes before server-only items', () => {
    const doc = podTemplate({ containers: [{ name: 'a', image: 'a:1' }] });
    expect(applyStrategicMergePatch(doc, podTemplate({ containers: [{ name: 'b', image: 'b:1' }] }), deployment))
      .toEqual(podTemplate({ containers: [{ name: 'b', image: 'b:1' }, { name: 'a', image: 'a:1' }] }));
  });

  it('merges matched items recursively (env inside a container)', () => {
    const doc = podTemplate({ containers: [{ name: 'app', image: 'a:1', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }] });
    const patch = podTemplate({ containers: [{ name: 'app', env: [{ name: 'Y', value: '3' }] }] });
    expect(applyStrategicMergePatch(doc, patch, deployment)).toEqual(podTemplate({
      containers: [{ name: 'app', image: 'a:1', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '3' }] }],
    }));
  });

  it('merges primitive merge lists (finalizers): new values first', () => {
    expect(applyStrategicMergePatch({ metadata: { finalizers: ['x'] } }, { metadata: { finalizers: ['y', 'x'] } }, configMap))
      .toEqual({ metadata: { finalizers: ['y', 'x'] } });
    expect(applyStrategicMergePatch({ metadata: { finalizers: ['x'] } }, { metadata: { finalizers: ['y'] } }, configMap))
      .toEqual({ metadata: { finalizers: ['y', 'x'] } });
  });

  it('keeps server-only items near their old neighbours', () => {
    const doc = { spec: { ports: [{ port: 1 }, { port: 2 }, { port: 3 }] } };
    const out = applyStrategicMergePatch(doc, { spec: { ports: [{ port: 3, name: 'c' }, { port: 1, name: 'a' }] } }, patchMetaFor('', 'Service'));
    expect(out).toEqual({ spec: { ports: [{ port: 2 }, { port: 3, name: 'c' }, { port: 1, name: 'a' }] } });
  });

  it('deletes a keyed item with $patch: delete', () => {
    const doc = podTemplate({ containers: [{ name: 'app' }, { name: 'side' }] });
    expect(applyStrategicMergePatch(doc, podTemplate({ containers: [{ name: 'side', $patch: 'delete' }] }), deployment))
      .toEqual(podTemplate({ containers: [{ name: 'app' }] }));
  });

  it('replaces a keyed list with a $patch: replace element', () => {
    const doc = podTemplate({ containers: [{ name: 'app' }, { name: 'side' }] });
    expect(applyStrategicMergePatch(doc, podTemplate({ containers: [{ $patch: 'replace' }, { name: 'new' }] }), deployment))
      .toEqual(podTemplate({ containers: [{ name: 'new' }] }));
  });

  it('worked example: $setElementOrder with env deletion (apply-schema.md B.5)', () => {
    const doc = podTemplate({ containers: [{ name: 'app', image: 'a:1', env: [{ name: 'X', value: '1' }] }] });
    const patch = podTemplate({
      '$setElementOrder/containers': [{ name: 'app' }, { name: 'side' }],
      containers: [{ name: 'app', image: 'a:2', env: [{ name: 'X', $patch: 'delete' }] }, { name: 'side', image: 's:1' }],
    });
    expect(applyStrategicMergePatch(doc, patch, deployment))
      .toEqual(podTemplate({ containers: [{ name: 'app', image: 'a:2' }, { name: 'side', image: 's:1' }] }));
  });

  it('without $setElementOrder the new container comes first', () => {
    const doc = podTemplate({ containers: [{ name: 'app', image: 'a:1' }] });
    const patch = podTemplate({ containers: [{ name: 'app', image: 'a:2' }, { name: 'side', image: 's:1' }] });
    expect(applyStrategicMergePatch(doc, patch, deployment))
      .toEqual(podTemplate({ containers: [{ name: 'app', image: 'a:2' }, { name: 'side', image: 's:1' }] }));
    const patch2 = podTemplate({ containers: [{ name: 'side', image: 's:1' }] });
    expect((applyStrategicMergePatch(doc, patch2, deployment) as ReturnType<typeof podTemplate>))
      .toEqual(podTemplate({ containers: [{ name: 'side', image: 's:1' }, { name: 'app', image: 'a:1' }] }));
  });

  it('$setElementOrder on finalizers adds one with order preserved', () => {
    const out = applyStrategicMergePatch({ metadata: { finalizers: ['a'] } },
      { metadata: { '$setElementOrder/finalizers': ['a', 'example.com/f'], finalizers: ['example.com/f'] } }, configMap);
    expect(out).toEqual({ metadata: { finalizers: ['a', 'example.com/f'] } });
  });

  it('$deleteFromPrimitiveList removes finalizers and an emptied list disappears', () => {
    expect(applyStrategicMergePatch({ metadata: { finalizers: ['a', 'b'] } },
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, configMap)).toEqual({ metadata: { finalizers: ['b'] } });
    expect(applyStrategicMergePatch({ metadata: { name: 'x', finalizers: ['example.com/f'] } },
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/f'] } }, configMap)).toEqual({ metadata: { name: 'x' } });
  });

  it('$retainKeys clears unlisted keys (Deployment strategy change by kubectl)', () => {
    const doc = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
    const patch = { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } };
    expect(applyStrategicMergePatch(doc, patch, deployment)).toEqual({ spec: { strategy: { type: 'Recreate' } } });
  });

  it('merges volumes by name and honours $retainKeys inside an element', () => {
    const doc = podTemplate({ volumes: [{ name: 'v', configMap: { name: 'c' } }] });
    const patch = podTemplate({ volumes: [{ name: 'v', $retainKeys: ['name', 'secret'], secret: { secretName: 's' } }] });
    expect(applyStrategicMergePatch(doc, patch, deployment)).toEqual(podTemplate({ volumes: [{ name: 'v', secret: { secretName: 's' } }] }));
  });

  it('merges webhooks by name and node conditions by type', () => {
    const hooks = { webhooks: [{ name: 'a.x.io', timeoutSeconds: 5 }, { name: 'b.x.io' }] };
    expect(applyStrategicMergePatch(hooks, { webhooks: [{ name: 'b.x.io', timeoutSeconds: 3 }] },
      patchMetaFor('admissionregistration.k8s.io', 'ValidatingWebhookConfiguration')))
      .toEqual({ webhooks: [{ name: 'a.x.io', timeoutSeconds: 5 }, { name: 'b.x.io', timeoutSeconds: 3 }] });
    const node = { status: { conditions: [{ type: 'Ready', status: 'False' }] } };
    expect(applyStrategicMergePatch(node, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, patchMetaFor('', 'Node')))
      .toEqual({ status: { conditions: [{ type: 'Ready', status: 'True' }] } });
  });
});

describe('strategic merge patch: errors (B.3)', () => {
  it.each([
    ['$patch: merge in a list', podTemplate({ containers: [{ $patch: 'merge' }] }), 500,
      'Internal error occurred: merging lists cannot yet be specified in the patch'],
    ['$patch: merge in a map', { data: { $patch: 'merge' } }, 500, 'Internal error occurred: unknown patch type: merge in map: map[$patch:merge]'],
    ['delete without the merge key', podTemplate({ containers: [{ $patch: 'delete', image: 'x' }] }), 500,
      'Internal error occurred: map: map[$patch:delete image:x] does not contain declared merge key: name'],
    ['item without the merge key', podTemplate({ containers: [{ image: 'x' }] }), 500,
      'Internal error occurred: map: map[image:x] does not contain declared merge key: name'],
    ['malformed $retainKeys', { spec: { strategy: { $retainKeys: 'type' } } }, 400, 'invalid patch format of retainKeys'],
    ['malformed $setElementOrder', { metadata: { '$setElementOrder/finalizers': 'a' } }, 400, 'invalid patch format of setElementOrder list'],
    ['lists of lists', podTemplate({ containers: [[1]] }), 422, 'the server rejected our request due to an error in our request'],
  ])('%s', (_name, patch, code, message) => {
    const doc = { data: { a: '1' }, metadata: { finalizers: ['a'] }, spec: { strategy: { type: 'Recreate' }, template: { spec: { containers: [{ name: 'app' }] } } } };
    const err = errorOf(() => applyStrategicMergePatch(doc, patch, deployment));
    expect(err.code).toBe(code);
    expect(err.message).toBe(message);
  });

  it('rejects patch items out of $setElementOrder order', () => {
    const doc = podTemplate({ containers: [{ name: 'a' }, { name: 'b' }] });
    const patch = podTemplate({ '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b' }, { name: 'a' }] });
    const err = errorOf(() => applyStrategicMergePatch(doc, patch, deployment));
    expect(err.code).toBe(500);
    expect(err.message).toContain("doesn't match $setElementOrder list");
  });

  it('rejects a patch that is not an object', () => {
    expect(errorOf(() => applyStrategicMergePatch({}, [1], configMap)).code).toBe(400);
  });
});
