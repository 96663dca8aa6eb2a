// Authorization decision cost with a realistically large RBAC set: 200 ClusterRoles, 1,000 RoleBindings.
// Exported for bench/authz.ts, which adds the HTTPS GET overhead measured in the same run.
import { Authorizer } from '../../src/apiserver/auth/rbac/authorizer.ts';
import { requestAttributes } from '../../src/apiserver/auth/rbac/request-info.ts';
import type { RbacObjects, UserInfo } from '../../src/apiserver/auth/rbac/types.ts';

export function syntheticRbac(clusterRoles = 200, roleBindings = 1000, namespaces = 100): RbacObjects {
  const objects: RbacObjects = { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [] };
  for (let i = 0; i < clusterRoles; i++) {
    objects.clusterRoles.push({
      metadata: { name: `role-${i}` },
      rules: [
        { apiGroups: [`group-${i}.example.com`], resources: ['widgets', 'gadgets'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: [`cm-${i}`] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'] },
      ],
    });
  }
  for (let i = 0; i < roleBindings; i++) {
    objects.roleBindings.push({
      metadata: { name: `rb-${i}`, namespace: `ns-${i % namespaces}` },
      subjects: [
        { kind: 'User', name: `user-${i % 300}` },
        { kind: 'Group', name: `team-${i % 50}` },
      ],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `role-${i % clusterRoles}` },
    });
  }
  for (let i = 0; i < 50; i++) {
    objects.clusterRoleBindings.push({
      metadata: { name: `crb-${i}` },
      subjects: [{ kind: 'Group', name: `team-${i}` }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `role-${i}` },
    });
  }
  return objects;
}

export function measureDecisions(iterations = 200_000): { decisionsPerSecond: number; p50Micros: number; p99Micros: number; allowed: number } {
  const authz = new Authorizer(syntheticRbac());
  const requests = [] as { user: UserInfo; attrs: ReturnType<typeof requestAttributes> }[];
  for (let i = 0; i < 1000; i++) {
    const user: UserInfo = { username: `user-${i % 300}`, groups: [`team-${i % 50}`, 'system:authenticated'] };
    const ns = `ns-${i % 100}`;
    const path = i % 3 === 0
      ? `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases/l${i}`
      : i % 3 === 1 ? `/api/v1/namespaces/${ns}/configmaps/cm-${i % 200}` : `/api/v1/namespaces/${ns}/secrets`;
    requests.push({ user, attrs: requestAttributes(i % 3 === 0 ? 'PUT' : 'GET', path, new URLSearchParams()) });
  }
  // Warm up the JIT before timing.
  for (let i = 0; i < 20_000; i++) authz.authorize(requests[i % requests.length].user, requests[i % requests.length].attrs);

  const samples = new Float64Array(iterations);
  let allowed = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const r = requests[i % requests.length];
    const t0 = process.hrtime.bigint();
    if (authz.authorize(r.user, r.attrs).decision === 'Allow') allowed++;
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const totalSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  samples.sort();
  return {
    decisionsPerSecond: Math.round(iterations / totalSeconds),
    p50Micros: +samples[Math.floor(iterations * 0.5)].toFixed(2),
    p99Micros: +samples[Math.floor(iterations * 0.99)].toFixed(2),
    allowed,
  };
}
