// The rule table of webhook matching (kube's resource patterns, scopes and operations), checked without a server.
import { describe, expect, it } from 'vitest';
import { webhooksOf } from '../../../src/apiserver/admission/config.ts';
import { matchedResource } from '../../../src/apiserver/admission/matching.ts';
import type { AdmissionAttributes, Operation } from '../../../src/apiserver/admission/matching.ts';
import { BUILTIN_RESOURCES } from '../../../src/apiserver/registry/builtins.ts';

const resource = (group: string, plural: string) => BUILTIN_RESOURCES.find((r) => r.group === group && r.plural === plural)!;

function matches(rule: Record<string, unknown>, req: { group?: string; plural: string; sub?: string; namespace?: string; op?: Operation }): boolean {
  const [hook] = webhooksOf('validating', [{ metadata: { name: 'c' }, webhooks: [{ name: 'h.example.io', rules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], ...rule }] }] }]);
  const attrs: AdmissionAttributes = {
    cluster: '', operation: req.op ?? 'CREATE', resource: resource(req.group ?? '', req.plural), subresource: req.sub ?? '',
    namespace: req.namespace ?? '', name: 'x', object: {}, oldObject: null, dryRun: false, options: {}, user: undefined,
  };
  return matchedResource(hook, attrs, () => BUILTIN_RESOURCES) !== undefined;
}

describe('webhook rule matching', () => {
  it.each([
    // [resources, request plural, subresource, expected]
    [['*'], 'pods', '', true],
    [['*'], 'pods', 'status', false],
    [['pods'], 'pods', 'status', false],
    [['*/*'], 'pods', 'status', true],
    [['*/*'], 'pods', '', true],
    [['*/status'], 'services', 'status', true],
    [['*/status'], 'services', '', false],
    [['pods/*'], 'pods', '', true],
    [['pods/*'], 'pods', 'status', true],
    [['pods/status'], 'pods', 'status', true],
    [['configmaps'], 'secrets', '', false],
  ])('resources %j vs %s/%s -> %s', (resources, plural, sub, expected) => {
    expect(matches({ resources }, { plural, sub, namespace: 'ns' })).toBe(expected);
  });

  it('scope Namespaced and Cluster', () => {
    expect(matches({ resources: ['*'], scope: 'Namespaced' }, { plural: 'configmaps', namespace: 'ns' })).toBe(true);
    expect(matches({ resources: ['*'], scope: 'Namespaced' }, { plural: 'namespaces' })).toBe(false);
    expect(matches({ resources: ['*'], scope: 'Cluster' }, { plural: 'namespaces' })).toBe(true);
    expect(matches({ resources: ['*'], scope: 'Cluster' }, { plural: 'configmaps', namespace: 'ns' })).toBe(false);
    expect(matches({ resources: ['*'], scope: 'Cluster' }, { group: 'rbac.authorization.k8s.io', plural: 'clusterroles' })).toBe(true);
  });

  it('operations, groups and versions', () => {
    expect(matches({ resources: ['*'], operations: ['CREATE'] }, { plural: 'configmaps', namespace: 'n', op: 'DELETE' })).toBe(false);
    expect(matches({ resources: ['*'], operations: ['DELETE', 'UPDATE'] }, { plural: 'configmaps', namespace: 'n', op: 'DELETE' })).toBe(true);
    expect(matches({ resources: ['*'], apiGroups: ['apps'] }, { plural: 'configmaps', namespace: 'n' })).toBe(false);
    expect(matches({ resources: ['deployments'], apiGroups: ['apps'], apiVersions: ['v1'] }, { group: 'apps', plural: 'deployments', namespace: 'n' })).toBe(true);
    expect(matches({ resources: ['deployments'], apiGroups: ['apps'], apiVersions: ['v1beta1'] }, { group: 'apps', plural: 'deployments', namespace: 'n' })).toBe(false);
  });
});
