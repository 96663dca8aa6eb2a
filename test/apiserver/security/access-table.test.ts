// Table-driven authorization through client-node over HTTPS: who, verb, resource, namespace -> allow or deny.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppsV1Api, AuthenticationV1Api, AuthorizationV1Api, CertificatesV1Api, CoreApi, CoreV1Api, RbacAuthorizationV1Api, VersionApi,
} from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { newBootstrapToken } from '../../../src/apiserver/auth/admin/bootstrap-tokens.ts';
import { startTestServer } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';
import { attempt, callVerb, certIdentity, tokenIdentity } from './harness.ts';
import type { Target } from './harness.ts';

const cm = (namespace?: string, name?: string): Target => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name });
const secret = (namespace: string): Target => ({ apiVersion: 'v1', kind: 'Secret', namespace });
const ns = (name?: string): Target => ({ apiVersion: 'v1', kind: 'Namespace', name });
const roles = (namespace: string): Target => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', namespace });
const rbs = (namespace: string): Target => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', namespace, name: 'x' });
const crs = (): Target => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' });
const csrs = (name?: string): Target => ({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', name });
const deploy = (namespace: string, name: string): Target => ({ apiVersion: 'apps/v1', kind: 'Deployment', namespace, name });

type Call = (kc: KubeConfig) => Promise<unknown>;
const custom = {
  discovery: ((kc) => kc.makeApiClient(CoreApi).getAPIVersions()) as Call,
  version: ((kc) => kc.makeApiClient(VersionApi).getCode()) as Call,
  selfAccessReview: ((kc) => kc.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
    body: { spec: { resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'default' } } },
  })) as Call,
  selfReview: ((kc) => kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} })) as Call,
  subjectAccessReview: ((kc) => kc.makeApiClient(AuthorizationV1Api).createSubjectAccessReview({
    body: { spec: { user: 'x', resourceAttributes: { verb: 'get', resource: 'pods' } } },
  })) as Call,
  tokenReview: ((kc) => kc.makeApiClient(AuthenticationV1Api).createTokenReview({ body: { spec: { token: 'abc' } } })) as Call,
  deploymentScale: ((kc) => kc.makeApiClient(AppsV1Api).readNamespacedDeploymentScale({ name: 'web', namespace: 'team-a' })) as Call,
  csrApproval: ((kc) => kc.makeApiClient(CertificatesV1Api).replaceCertificateSigningRequestApproval({
    name: 'x', body: { metadata: { name: 'x' }, spec: { request: '', signerName: 'kubernetes.io/kube-apiserver-client' } },
  })) as Call,
};

interface Row {
  who: 'nobody' | 'alice' | 'bob' | 'bootstrap';
  verb: string;
  target?: Target;
  call?: Call;
  expected: 'allow' | 'deny';
}

const rows: Row[] = [
  // a certificate user without bindings: only discovery, version and self-reviews
  { who: 'nobody', verb: 'list', target: cm('team-a'), expected: 'deny' },
  { who: 'nobody', verb: 'get', target: ns('team-a'), expected: 'deny' },
  { who: 'nobody', verb: 'list', target: ns(), expected: 'deny' },
  { who: 'nobody', verb: 'create', target: cm('default', 'n1'), expected: 'deny' },
  { who: 'nobody', verb: 'list', target: crs(), expected: 'deny' },
  { who: 'nobody', verb: 'list', target: csrs(), expected: 'deny' },
  { who: 'nobody', verb: 'discovery', call: custom.discovery, expected: 'allow' },
  { who: 'nobody', verb: 'version', call: custom.version, expected: 'allow' },
  { who: 'nobody', verb: 'create selfsubjectaccessreviews', call: custom.selfAccessReview, expected: 'allow' },
  { who: 'nobody', verb: 'create selfsubjectreviews', call: custom.selfReview, expected: 'allow' },
  { who: 'nobody', verb: 'create subjectaccessreviews', call: custom.subjectAccessReview, expected: 'deny' },
  { who: 'nobody', verb: 'create tokenreviews', call: custom.tokenReview, expected: 'deny' },
  // alice: the aggregated `edit` ClusterRole bound in team-a only
  { who: 'alice', verb: 'list', target: cm('team-a'), expected: 'allow' },
  { who: 'alice', verb: 'create', target: cm('team-a', 'a1'), expected: 'allow' },
  { who: 'alice', verb: 'list', target: secret('team-a'), expected: 'allow' },
  { who: 'alice', verb: 'get', target: ns('team-a'), expected: 'allow' },
  { who: 'alice', verb: 'list', target: cm('team-b'), expected: 'deny' },
  { who: 'alice', verb: 'create', target: cm('team-b', 'a2'), expected: 'deny' },
  { who: 'alice', verb: 'list', target: cm(undefined), expected: 'deny' },
  { who: 'alice', verb: 'get', target: ns('team-b'), expected: 'deny' },
  { who: 'alice', verb: 'list', target: roles('team-a'), expected: 'deny' },
  { who: 'alice', verb: 'create', target: rbs('team-a'), expected: 'deny' },
  { who: 'alice', verb: 'list', target: ns(), expected: 'deny' },
  // bob: a Role with resourceNames and a subresource
  { who: 'bob', verb: 'get', target: cm('team-a', 'allowed-cm'), expected: 'allow' },
  { who: 'bob', verb: 'get', target: cm('team-a', 'other-cm'), expected: 'deny' },
  { who: 'bob', verb: 'list', target: cm('team-a'), expected: 'deny' },
  { who: 'bob', verb: 'delete', target: cm('team-a', 'allowed-cm'), expected: 'deny' },
  { who: 'bob', verb: 'get', target: cm('team-b', 'allowed-cm'), expected: 'deny' },
  { who: 'bob', verb: 'get deployments/scale', call: custom.deploymentScale, expected: 'allow' },
  { who: 'bob', verb: 'get', target: deploy('team-a', 'web'), expected: 'deny' },
  // a bootstrap token: what system:bootstrappers is granted (system:node-bootstrapper), nothing more
  { who: 'bootstrap', verb: 'list', target: csrs(), expected: 'allow' },
  { who: 'bootstrap', verb: 'get', target: csrs('some-csr'), expected: 'allow' },
  { who: 'bootstrap', verb: 'delete', target: csrs('some-csr'), expected: 'deny' },
  { who: 'bootstrap', verb: 'update certificatesigningrequests/approval', call: custom.csrApproval, expected: 'deny' },
  { who: 'bootstrap', verb: 'list', target: cm('default'), expected: 'deny' },
  { who: 'bootstrap', verb: 'list', target: secret('kube-system'), expected: 'deny' },
  { who: 'bootstrap', verb: 'discovery', call: custom.discovery, expected: 'allow' },
];

describe('authorization table (client-node over HTTPS)', () => {
  let t: TestServer;
  const who = new Map<string, KubeConfig>();

  beforeAll(async () => {
    t = await startTestServer();
    const core = t.kc.makeApiClient(CoreV1Api);
    const rbac = t.kc.makeApiClient(RbacAuthorizationV1Api);
    for (const name of ['team-a', 'team-b']) await core.createNamespace({ body: { metadata: { name } } });
    for (const name of ['allowed-cm', 'other-cm']) await core.createNamespacedConfigMap({ namespace: 'team-a', body: { metadata: { name } } });
    const subject = (kind: string, name: string) => ({ kind, name, apiGroup: 'rbac.authorization.k8s.io' });
    await rbac.createNamespacedRoleBinding({ namespace: 'team-a', body: {
      metadata: { name: 'alice-edit' }, subjects: [subject('User', 'alice')], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
    } });
    await rbac.createNamespacedRole({ namespace: 'team-a', body: { metadata: { name: 'narrow' }, rules: [
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['allowed-cm'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['get'] },
    ] } });
    await rbac.createNamespacedRoleBinding({ namespace: 'team-a', body: {
      metadata: { name: 'bob-narrow' }, subjects: [subject('User', 'bob')], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'narrow' },
    } });
    await rbac.createClusterRoleBinding({ body: {
      metadata: { name: 'bootstrappers-csr' }, subjects: [subject('Group', 'system:bootstrappers')],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:node-bootstrapper' },
    } });
    const token = newBootstrapToken(3_600_000, ['system:bootstrappers:managedcluster']);
    await core.createNamespacedSecret({ namespace: 'kube-system', body: token.secret });
    who.set('nobody', (await certIdentity(t, 'nobody', ['some-team'])).kc);
    who.set('alice', (await certIdentity(t, 'alice', ['devs'])).kc);
    who.set('bob', (await certIdentity(t, 'bob')).kc);
    who.set('bootstrap', (await tokenIdentity(t, token.token)).kc);
  });

  afterAll(async () => {
    await t.stop();
  });

  it.each(rows)('$who $verb $target.kind $target.namespace $target.name -> $expected', async (row) => {
    const kc = who.get(row.who)!;
    const call = row.call ?? ((k: KubeConfig) => callVerb(k, row.verb, row.target!));
    expect(await attempt(() => call(kc))).toBe(row.expected);
  });

  it('answers a denial with kube\'s exact 403 Status', async () => {
    const err = await t.kc.makeApiClient(CoreV1Api).listNamespace().then(() => undefined);
    expect(err).toBeUndefined();
    const bob = who.get('bob')!;
    const denied = await bob.makeApiClient(CoreV1Api).readNamespacedConfigMap({ name: 'other-cm', namespace: 'team-a' }).catch((e: unknown) => e);
    const body = JSON.parse((denied as { body: string }).body);
    expect(body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'configmaps "other-cm" is forbidden: User "bob" cannot get resource "configmaps" in API group "" in the namespace "team-a"',
      reason: 'Forbidden', details: { name: 'other-cm', kind: 'configmaps' }, code: 403,
    });
    const nobody = who.get('nobody')!;
    const cluster = await nobody.makeApiClient(RbacAuthorizationV1Api).listClusterRole().catch((e: unknown) => e);
    expect(JSON.parse((cluster as { body: string }).body).message).toBe(
      'clusterroles.rbac.authorization.k8s.io is forbidden: User "nobody" cannot list resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
    );
  });

  it('keeps each virtual cluster\'s RBAC to itself', async () => {
    await t.server.addCluster('spoke');
    // alice's RoleBinding lives in the hub; in the spoke she is nobody
    const spokeAlice = (await certIdentity(t, 'alice', ['devs'], 'spoke')).kc;
    const admin = t.kcFor('spoke').makeApiClient(CoreV1Api);
    await admin.createNamespace({ body: { metadata: { name: 'team-a' } } });
    expect(await attempt(() => callVerb(spokeAlice, 'list', cm('team-a')))).toBe('deny');
    const defaults = await t.kcFor('spoke').makeApiClient(RbacAuthorizationV1Api).readClusterRole({ name: 'view' });
    expect(defaults.rules?.some((r) => r.resources?.includes('configmaps'))).toBe(true);
  });
});
