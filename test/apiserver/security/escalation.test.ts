// Escalation prevention through real clients: granting or binding what you do not hold fails with kube's 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RbacAuthorizationV1Api, CoreV1Api } from '@kubernetes/client-node';
import type { V1PolicyRule } from '@kubernetes/client-node';
import { startTestServer } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';
import { attempt, certIdentity } from './harness.ts';

const RBAC = 'rbac.authorization.k8s.io';
const user = (name: string) => ({ kind: 'User', name, apiGroup: RBAC });

describe('RBAC escalation prevention', () => {
  let t: TestServer;
  let carol: RbacAuthorizationV1Api;
  let dave: RbacAuthorizationV1Api;

  const bodyOf = (err: unknown): { code: number; message: string; reason: string } => JSON.parse((err as { body: string }).body);

  beforeAll(async () => {
    t = await startTestServer();
    const core = t.kc.makeApiClient(CoreV1Api);
    const rbac = t.kc.makeApiClient(RbacAuthorizationV1Api);
    for (const name of ['team-a', 'team-b']) await core.createNamespace({ body: { metadata: { name } } });
    // carol administers team-a (the aggregated `admin` role: roles and rolebindings included)
    await rbac.createNamespacedRoleBinding({ namespace: 'team-a', body: {
      metadata: { name: 'carol-admin' }, subjects: [user('carol')], roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'admin' },
    } });
    // dave may create rolebindings and bind exactly `cluster-admin`, but holds nothing else
    await rbac.createNamespacedRole({ namespace: 'team-a', body: { metadata: { name: 'binder' }, rules: [
      { apiGroups: [RBAC], resources: ['rolebindings'], verbs: ['create'] },
      { apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['view'] },
    ] } });
    await rbac.createNamespacedRoleBinding({ namespace: 'team-a', body: {
      metadata: { name: 'dave-binder' }, subjects: [user('dave')], roleRef: { apiGroup: RBAC, kind: 'Role', name: 'binder' },
    } });
    carol = (await certIdentity(t, 'carol', ['ops'])).kc.makeApiClient(RbacAuthorizationV1Api);
    dave = (await certIdentity(t, 'dave')).kc.makeApiClient(RbacAuthorizationV1Api);
  });

  afterAll(async () => {
    await t.stop();
  });

  const role = (name: string, rules: V1PolicyRule[]) => ({ metadata: { name }, rules });

  it('lets a user grant what they hold', async () => {
    const created = await carol.createNamespacedRole({ namespace: 'team-a', body: role('cm-reader', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }]) });
    expect(created.metadata?.name).toBe('cm-reader');
    await carol.createNamespacedRoleBinding({ namespace: 'team-a', body: {
      metadata: { name: 'erin-view' }, subjects: [user('erin')], roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
    } });
  });

  it('refuses a Role with permissions the creator does not hold, naming them', async () => {
    const err = await carol.createNamespacedRole({ namespace: 'team-a', body: role('nodes', [
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['delete'], resourceNames: ['x'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
    ]) }).catch((e: unknown) => e);
    expect(bodyOf(err)).toMatchObject({ code: 403, reason: 'Forbidden' });
    // carol holds deployments delete through admin, so only the node rule is missing
    expect(bodyOf(err).message).toBe(
      'roles.rbac.authorization.k8s.io "nodes" is forbidden: user "carol" (groups=["ops" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
      '{APIGroups:[""], Resources:["nodes"], Verbs:["get" "list"]}',
    );
  });

  it('refuses escalation through a Role update', async () => {
    const current = await carol.readNamespacedRole({ name: 'cm-reader', namespace: 'team-a' });
    const err = await carol.replaceNamespacedRole({ name: 'cm-reader', namespace: 'team-a', body: {
      ...current, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    } }).catch((e: unknown) => e);
    expect(bodyOf(err).code).toBe(403);
    expect(bodyOf(err).message).toContain('is attempting to grant RBAC permissions not currently held');
    const unchanged = await carol.readNamespacedRole({ name: 'cm-reader', namespace: 'team-a' });
    expect(unchanged.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }]);
  });

  it('refuses escalation through a RoleBinding to a more powerful role', async () => {
    const err = await carol.createNamespacedRoleBinding({ namespace: 'team-a', body: {
      metadata: { name: 'carol-root' }, subjects: [user('carol')], roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'cluster-admin' },
    } }).catch((e: unknown) => e);
    expect(bodyOf(err).code).toBe(403);
    expect(bodyOf(err).message).toMatch(/^rolebindings\.rbac\.authorization\.k8s\.io "carol-root" is forbidden: user "carol" .* not currently held:\n\{APIGroups:\["\*"\], Resources:\["\*"\], Verbs:\["\*"\]\}/);
  });

  it('does not let a namespace admin act in another namespace', async () => {
    expect(await attempt(() => carol.createNamespacedRole({ namespace: 'team-b', body: role('r', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]) }))).toBe('deny');
  });

  it('honours the bind verb limited by resourceNames', async () => {
    // dave holds no view permissions, but may bind `view`
    const ok = await dave.createNamespacedRoleBinding({ namespace: 'team-a', body: {
      metadata: { name: 'frank-view' }, subjects: [user('frank')], roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
    } });
    expect(ok.roleRef.name).toBe('view');
    const err = await dave.createNamespacedRoleBinding({ namespace: 'team-a', body: {
      metadata: { name: 'frank-edit' }, subjects: [user('frank')], roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'edit' },
    } }).catch((e: unknown) => e);
    expect(bodyOf(err).code).toBe(403);
  });

  it('requires full authority for an aggregating ClusterRole, and aggregates for the admin', async () => {
    const rbac = t.kc.makeApiClient(RbacAuthorizationV1Api);
    await rbac.createClusterRoleBinding({ body: {
      metadata: { name: 'carol-cr' }, subjects: [user('carol')],
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'system:aggregate-to-admin' },
    } });
    await rbac.createClusterRole({ body: { metadata: { name: 'cr-writer' }, rules: [{ apiGroups: [RBAC], resources: ['clusterroles'], verbs: ['create'] }] } });
    await rbac.createClusterRoleBinding({ body: {
      metadata: { name: 'carol-cr-writer' }, subjects: [user('carol')], roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'cr-writer' },
    } });
    const err = await carol.createClusterRole({ body: {
      metadata: { name: 'sneaky' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'y' } }] }, rules: [],
    } }).catch((e: unknown) => e);
    expect(bodyOf(err)).toMatchObject({ code: 403, message: 'clusterroles.rbac.authorization.k8s.io "sneaky" is forbidden: must have cluster-admin privileges to use the aggregationRule' });
    // the admin's aggregated role picks up a labelled ClusterRole's rules
    await rbac.createClusterRole({ body: { metadata: { name: 'widgets-view', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
      rules: [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get'] }] } });
    let view = await rbac.readClusterRole({ name: 'view' });
    for (let i = 0; i < 100 && !view.rules?.some((r) => r.resources?.includes('widgets')); i++) {
      await new Promise((r) => setTimeout(r, 20));
      view = await rbac.readClusterRole({ name: 'view' });
    }
    expect(view.rules?.some((r) => r.resources?.includes('widgets'))).toBe(true);
    // ... and so does admin, through edit
    let admin = await rbac.readClusterRole({ name: 'admin' });
    for (let i = 0; i < 100 && !admin.rules?.some((r) => r.resources?.includes('widgets')); i++) {
      await new Promise((r) => setTimeout(r, 20));
      admin = await rbac.readClusterRole({ name: 'admin' });
    }
    expect(admin.rules?.some((r) => r.resources?.includes('widgets'))).toBe(true);
  });

  it('rejects changing a binding\'s roleRef', async () => {
    const rbac = t.kc.makeApiClient(RbacAuthorizationV1Api);
    const rb = await rbac.readNamespacedRoleBinding({ name: 'erin-view', namespace: 'team-a' });
    const err = await rbac.replaceNamespacedRoleBinding({ name: 'erin-view', namespace: 'team-a', body: {
      ...rb, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'edit' },
    } }).catch((e: unknown) => e);
    expect(bodyOf(err).code).toBe(422);
    expect(bodyOf(err).message).toContain('cannot change roleRef');
  });
});
