import { describe, expect, it } from 'vitest';
import { Authorizer, forbiddenMessage } from '../../../src/apiserver/auth/rbac/authorizer.ts';
import { requestAttributes } from '../../../src/apiserver/auth/rbac/request-info.ts';
import { defaultClusterRoleBindings, defaultClusterRoles } from '../../../src/apiserver/auth/rbac/defaults.ts';
import type { RbacObjects, UserInfo } from '../../../src/apiserver/auth/rbac/types.ts';

const objects: RbacObjects = {
  clusterRoles: [
    ...defaultClusterRoles(),
    { metadata: { name: 'mc-reader' }, rules: [{ apiGroups: ['cluster.open-cluster-management.io'], resources: ['managedclusters'], verbs: ['get', 'list', 'watch'], resourceNames: ['c1'] }] },
    { metadata: { name: 'status-writer' }, rules: [{ apiGroups: ['*'], resources: ['*/status'], verbs: ['patch'] }] },
    { metadata: { name: 'acceptor' }, rules: [{ apiGroups: ['cluster.open-cluster-management.io'], resources: ['managedclusters/accept'], verbs: ['update'] }] },
  ],
  clusterRoleBindings: [
    ...defaultClusterRoleBindings(),
    { metadata: { name: 'agent-c1' }, subjects: [{ kind: 'Group', name: 'system:open-cluster-management:c1' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'mc-reader' } },
    { metadata: { name: 'broken' }, subjects: [{ kind: 'User', name: 'carol' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'missing' } },
    { metadata: { name: 'sa-status' }, subjects: [{ kind: 'ServiceAccount', name: 'ctrl', namespace: 'ops' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'status-writer' } },
    { metadata: { name: 'dave-accept' }, subjects: [{ kind: 'User', name: 'dave' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'acceptor' } },
  ],
  roles: [{ metadata: { name: 'lease-writer', namespace: 'c1' }, rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'] }] }],
  roleBindings: [
    { metadata: { name: 'agent-lease', namespace: 'c1' }, subjects: [{ kind: 'Group', name: 'system:open-cluster-management:c1' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'lease-writer' } },
    { metadata: { name: 'alice-edit', namespace: 'dev' }, subjects: [{ kind: 'User', name: 'alice' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' } },
  ],
};

// The default admin/edit/view roles are aggregated in a running server; do it here the same way.
import { aggregateClusterRoles } from '../../../src/apiserver/auth/rbac/aggregation.ts';
for (const updated of aggregateClusterRoles(objects.clusterRoles)) {
  objects.clusterRoles = objects.clusterRoles.map((r) => (r.metadata.name === updated.metadata.name ? updated : r));
}
const authz = new Authorizer(objects);

const agent: UserInfo = { username: 'system:open-cluster-management:c1:agent', groups: ['system:open-cluster-management:c1', 'system:authenticated'] };
const alice: UserInfo = { username: 'alice', groups: ['system:authenticated'] };
const nobody: UserInfo = { username: 'nobody', groups: ['system:authenticated'] };
const admin: UserInfo = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };
const sa: UserInfo = { username: 'system:serviceaccount:ops:ctrl', groups: ['system:serviceaccounts', 'system:authenticated'] };
const dave: UserInfo = { username: 'dave', groups: ['system:authenticated'] };

const cases: [string, UserInfo, string, string, boolean][] = [
  ['masters can do anything', admin, 'DELETE', '/api/v1/namespaces/x/secrets/y', true],
  ['no bindings: denied secrets', nobody, 'GET', '/api/v1/namespaces/default/secrets', false],
  ['no bindings: discovery allowed', nobody, 'GET', '/apis', true],
  ['no bindings: version allowed', nobody, 'GET', '/version', true],
  ['no bindings: self review allowed', nobody, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', true],
  ['no bindings: healthz/foo not granted', nobody, 'GET', '/healthz/etcd', false],
  ['agent reads its own cluster by name', agent, 'GET', '/apis/cluster.open-cluster-management.io/v1/managedclusters/c1', true],
  ['agent cannot read another cluster', agent, 'GET', '/apis/cluster.open-cluster-management.io/v1/managedclusters/c2', false],
  ['agent lists its cluster through a name field selector', agent, 'GET', '/apis/cluster.open-cluster-management.io/v1/managedclusters?fieldSelector=metadata.name%3Dc1', true],
  ['agent cannot list all clusters', agent, 'GET', '/apis/cluster.open-cluster-management.io/v1/managedclusters', false],
  ['agent updates its lease', agent, 'PUT', '/apis/coordination.k8s.io/v1/namespaces/c1/leases/managed-cluster-lease', true],
  ['namespace grants do not leak', agent, 'PUT', '/apis/coordination.k8s.io/v1/namespaces/c2/leases/managed-cluster-lease', false],
  ['edit in dev allows configmap create', alice, 'POST', '/api/v1/namespaces/dev/configmaps', true],
  ['edit in dev does not reach prod', alice, 'POST', '/api/v1/namespaces/prod/configmaps', false],
  ['edit does not grant roles', alice, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/dev/roles', false],
  ['*/status matches a subresource', sa, 'PATCH', '/apis/apps/v1/namespaces/a/deployments/d/status', true],
  ['*/status does not match the main resource', sa, 'PATCH', '/apis/apps/v1/namespaces/a/deployments/d', false],
  ['subresource grant', dave, 'PUT', '/apis/cluster.open-cluster-management.io/v1/managedclusters/c1/accept', true],
  ['subresource grant does not give the resource', dave, 'PUT', '/apis/cluster.open-cluster-management.io/v1/managedclusters/c1', false],
];

describe('RBAC authorizer', () => {
  it.each(cases)('%s', (_name, user, method, url, allowed) => {
    const u = new URL(url, 'https://x');
    const decision = authz.authorize(user, requestAttributes(method, u.pathname, u.searchParams));
    expect(decision.decision).toBe(allowed ? 'Allow' : 'NoOpinion');
  });

  it('names the binding that allowed a request', () => {
    const u = new URL('https://x/apis/coordination.k8s.io/v1/namespaces/c1/leases/l');
    const d = authz.authorize(agent, requestAttributes('GET', u.pathname, u.searchParams));
    expect(d.reason).toBe('RBAC: allowed by RoleBinding "agent-lease/c1" of Role "lease-writer" to Group "system:open-cluster-management:c1"');
  });

  it('reports a missing role in the reason without failing other grants', () => {
    const carol: UserInfo = { username: 'carol', groups: ['system:authenticated'] };
    const u = new URL('https://x/api/v1/namespaces/default/pods');
    const d = authz.authorize(carol, requestAttributes('GET', u.pathname, u.searchParams));
    expect(d).toEqual({ decision: 'NoOpinion', reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "missing" not found' });
  });

  it('words a 403 like kube-apiserver', () => {
    const u = new URL('https://x/apis/coordination.k8s.io/v1/namespaces/c2/leases/managed-cluster-lease');
    const attrs = requestAttributes('PUT', u.pathname, u.searchParams);
    expect(forbiddenMessage(agent, attrs, '')).toBe(
      'leases.coordination.k8s.io "managed-cluster-lease" is forbidden: User "system:open-cluster-management:c1:agent" cannot update resource "leases" in API group "coordination.k8s.io" in the namespace "c2"',
    );
    const nr = requestAttributes('GET', '/healthz/etcd', new URLSearchParams());
    expect(forbiddenMessage(nobody, nr, '')).toBe('forbidden: User "nobody" cannot get path "/healthz/etcd"');
    const list = requestAttributes('GET', '/api/v1/namespaces/default/pods', new URLSearchParams());
    expect(forbiddenMessage(nobody, list, '')).toBe('pods is forbidden: User "nobody" cannot list resource "pods" in API group "" in the namespace "default"');
  });
});

describe('RBAC index kept current object by object', () => {
  const ref = (kind: string, name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
  const leaseUrl = new URL('https://x/apis/coordination.k8s.io/v1/namespaces/c1/leases/l');
  const getLease = requestAttributes('GET', leaseUrl.pathname, leaseUrl.searchParams);
  const reader = (name: string, resources: string[]) => ({ metadata: { name }, rules: [{ apiGroups: ['coordination.k8s.io'], resources, verbs: ['get'] }] });

  it('gives the same decisions and reasons as one built from the whole set', () => {
    const incremental = new Authorizer();
    // reverse order, with a binding put twice: the result must not depend on the order objects arrive in
    for (const b of [...objects.roleBindings].reverse()) incremental.rbac.put('rolebindings', b);
    for (const b of [...objects.clusterRoleBindings].reverse()) incremental.rbac.put('clusterrolebindings', b);
    incremental.rbac.put('clusterrolebindings', objects.clusterRoleBindings[0]);
    for (const r of objects.roles) incremental.rbac.put('roles', r);
    for (const r of [...objects.clusterRoles].reverse()) incremental.rbac.put('clusterroles', r);
    for (const [, user, method, url] of cases) {
      const u = new URL(url, 'https://x');
      const attrs = requestAttributes(method, u.pathname, u.searchParams);
      expect(incremental.authorize(user, attrs)).toEqual(authz.authorize(user, attrs));
    }
    for (const user of [agent, alice, sa, dave]) expect(incremental.rulesFor(user, 'c1')).toEqual(authz.rulesFor(user, 'c1'));
  });

  it('follows role changes without re-indexing bindings, and drops removed bindings', () => {
    const a = new Authorizer();
    const bob: UserInfo = { username: 'bob', groups: ['team'] };
    a.rbac.put('clusterrolebindings', { metadata: { name: 'b-team' }, subjects: [{ kind: 'Group', name: 'team' }], roleRef: ref('ClusterRole', 'lease-reader') });
    expect(a.authorize(bob, getLease)).toEqual({ decision: 'NoOpinion', reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "lease-reader" not found' });
    a.rbac.put('clusterroles', reader('lease-reader', ['leases']));
    expect(a.authorize(bob, getLease).decision).toBe('Allow');
    a.rbac.put('clusterroles', reader('lease-reader', ['configmaps']));
    expect(a.authorize(bob, getLease).decision).toBe('NoOpinion');
    a.rbac.put('clusterroles', reader('lease-reader', ['leases']));
    a.rbac.remove('clusterrolebindings', '', 'b-team');
    expect(a.authorize(bob, getLease)).toEqual({ decision: 'NoOpinion', reason: '' });
    // a namespaced binding, replaced by one for another subject, then removed
    a.rbac.put('rolebindings', { metadata: { name: 'rb', namespace: 'c1' }, subjects: [{ kind: 'User', name: 'bob' }], roleRef: ref('ClusterRole', 'lease-reader') });
    expect(a.authorize(bob, getLease).decision).toBe('Allow');
    a.rbac.put('rolebindings', { metadata: { name: 'rb', namespace: 'c1' }, subjects: [{ kind: 'User', name: 'eve' }], roleRef: ref('ClusterRole', 'lease-reader') });
    expect(a.authorize(bob, getLease).decision).toBe('NoOpinion');
    a.rbac.remove('rolebindings', 'c1', 'rb');
    expect(a.rulesFor({ username: 'eve', groups: [] }, 'c1')).toEqual({ rules: [], errors: [] });
  });

  it('tries grants in binding-name order whatever order they were added in', () => {
    const a = new Authorizer();
    const bob: UserInfo = { username: 'bob', groups: ['team'] };
    a.rbac.put('clusterroles', reader('lease-reader', ['leases']));
    a.rbac.put('clusterrolebindings', { metadata: { name: 'z-user' }, subjects: [{ kind: 'User', name: 'bob' }], roleRef: ref('ClusterRole', 'lease-reader') });
    a.rbac.put('clusterrolebindings', { metadata: { name: 'a-group' }, subjects: [{ kind: 'Group', name: 'team' }], roleRef: ref('ClusterRole', 'lease-reader') });
    expect(a.authorize(bob, getLease).reason).toBe('RBAC: allowed by ClusterRoleBinding "a-group" of ClusterRole "lease-reader" to Group "team"');
    a.rbac.remove('clusterrolebindings', '', 'a-group');
    expect(a.authorize(bob, getLease).reason).toBe('RBAC: allowed by ClusterRoleBinding "z-user" of ClusterRole "lease-reader" to User "bob"');
  });
});

describe('request attributes', () => {
  const attrs = (method: string, url: string) => {
    const u = new URL(url, 'https://x');
    const a = requestAttributes(method, u.pathname, u.searchParams);
    return [a.verb, a.apiGroup, a.resource, a.subresource, a.namespace, a.name];
  };
  it('follows kube RequestInfo rules', () => {
    expect(attrs('GET', '/api/v1/namespaces/c1/pods')).toEqual(['list', '', 'pods', '', 'c1', '']);
    expect(attrs('GET', '/apis/cluster.open-cluster-management.io/v1/managedclusters?watch=true&fieldSelector=metadata.name=c1')).toEqual(['watch', 'cluster.open-cluster-management.io', 'managedclusters', '', '', 'c1']);
    expect(attrs('PUT', '/apis/certificates.k8s.io/v1/certificatesigningrequests/x/approval')).toEqual(['update', 'certificates.k8s.io', 'certificatesigningrequests', 'approval', '', 'x']);
    expect(attrs('POST', '/api/v1/namespaces/ns/serviceaccounts/sa/token')).toEqual(['create', '', 'serviceaccounts', 'token', 'ns', 'sa']);
    expect(attrs('DELETE', '/apis/apps/v1/namespaces/ns/deployments')).toEqual(['deletecollection', 'apps', 'deployments', '', 'ns', '']);
    expect(attrs('GET', '/api/v1/namespaces/c1')).toEqual(['get', '', 'namespaces', '', 'c1', 'c1']);
    expect(attrs('PUT', '/api/v1/namespaces/c1/finalize')).toEqual(['update', '', 'namespaces', 'finalize', 'c1', 'c1']);
    expect(requestAttributes('GET', '/apis/apps', new URLSearchParams()).resourceRequest).toBe(false);
  });
});
