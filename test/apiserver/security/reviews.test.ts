// The review APIs through raw HTTPS and client-node: 201 answers computed per request, kube's validation errors, and
// evaluation of arbitrary subjects, groups and verbs (OCM's SubjectAccessReviews use virtual resources).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizationV1Api, CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { issueCertificate } from '../../../src/apiserver/auth/pki.ts';
import { startTestServer } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';
import { certIdentity, pemIdentity } from './harness.ts';

const RBAC = 'rbac.authorization.k8s.io';
const AUTHZ = '/apis/authorization.k8s.io/v1';

describe('review APIs', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
    const rbac = t.kc.makeApiClient(RbacAuthorizationV1Api);
    await rbac.createClusterRole({ body: { metadata: { name: 'renewer' }, rules: [
      { apiGroups: ['register.open-cluster-management.io'], resources: ['managedclusters/clientcertificates'], verbs: ['renew'] },
    ] } });
    await rbac.createClusterRoleBinding({ body: { metadata: { name: 'renewer-c1' },
      subjects: [{ kind: 'Group', name: 'system:open-cluster-management:c1', apiGroup: RBAC }],
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'renewer' } } });
    await t.kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'c1' } } });
  });

  afterAll(async () => {
    await t.stop();
  });

  const post = (path: string, body: unknown) => t.raw('POST', path, { body: JSON.stringify(body) });

  it('evaluates a SubjectAccessReview for the given subject, with the granting binding as reason', async () => {
    const spec = { user: 'system:open-cluster-management:c1:a', groups: ['system:open-cluster-management:c1'],
      resourceAttributes: { group: 'register.open-cluster-management.io', resource: 'managedclusters', subresource: 'clientcertificates', verb: 'renew' } };
    const r = await post(`${AUTHZ}/subjectaccessreviews`, { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec });
    expect(r.status).toBe(201);
    expect(r.json<any>().status).toEqual({ allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "renewer-c1" of ClusterRole "renewer" to Group "system:open-cluster-management:c1"' });
    const other = await post(`${AUTHZ}/subjectaccessreviews`, { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
      spec: { ...spec, groups: ['system:open-cluster-management:c2'] } });
    expect(other.json<any>().status).toEqual({ allowed: false });
    // nothing was stored
    expect((await t.raw('GET', `${AUTHZ}/subjectaccessreviews`)).status).toBe(405);
  });

  it('rejects malformed reviews with kube\'s messages', async () => {
    const noSubject = await post(`${AUTHZ}/subjectaccessreviews`, { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
      spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } });
    expect(noSubject.status).toBe(422);
    expect(noSubject.json<any>().message).toContain('spec.user: Invalid value: "": at least one of user or group must be specified');
    const both = await post(`${AUTHZ}/selfsubjectaccessreviews`, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb: 'get' }, nonResourceAttributes: { path: '/x', verb: 'get' } } });
    expect(both.status).toBe(422);
    expect(both.json<any>().message).toContain('cannot be specified in combination with resourceAttributes');
    const wrongNs = await post(`${AUTHZ}/namespaces/c1/localsubjectaccessreviews`, { apiVersion: 'authorization.k8s.io/v1',
      kind: 'LocalSubjectAccessReview', spec: { user: 'u', resourceAttributes: { namespace: 'c2', verb: 'get', resource: 'pods' } } });
    expect(wrongNs.status).toBe(400);
    expect(wrongNs.json<any>().message).toBe('spec.resourceAttributes.namespace must match namespace: c1');
    const rules = await post(`${AUTHZ}/selfsubjectrulesreviews`, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: {} });
    expect(rules.status).toBe(400);
    expect(rules.json<any>().message).toBe('no namespace on request');
  });

  it('answers self reviews for the caller', async () => {
    const agent = (await certIdentity(t, 'system:open-cluster-management:c1:a', ['system:open-cluster-management:c1'])).kc;
    const api = agent.makeApiClient(AuthorizationV1Api);
    const can = await api.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes: {
      group: 'register.open-cluster-management.io', resource: 'managedclusters', subresource: 'clientcertificates', verb: 'renew' } } } });
    expect(can.status?.allowed).toBe(true);
    const cannot = await api.createSelfSubjectAccessReview({ body: { spec: { nonResourceAttributes: { path: '/metrics', verb: 'get' } } } });
    expect(cannot.status?.allowed).toBe(false);
    const rules = await api.createSelfSubjectRulesReview({ body: { spec: { namespace: 'c1' } } });
    expect(rules.status?.resourceRules).toContainEqual({ verbs: ['renew'], apiGroups: ['register.open-cluster-management.io'],
      resources: ['managedclusters/clientcertificates'] });
    expect(rules.status?.nonResourceRules?.some((r) => r.nonResourceURLs?.includes('/version'))).toBe(true);
    expect(rules.status?.incomplete).toBe(false);
  });

  it('does not accept a certificate meant for servers as a client credential', async () => {
    const { readFile } = await import('node:fs/promises');
    const ca = { certPem: await readFile(`${t.dataDir}/pki/ca.crt`, 'utf8'), keyPem: await readFile(`${t.dataDir}/pki/ca.key`, 'utf8') };
    const serving = await issueCertificate(ca, { commonName: 'admin', organizations: ['system:masters'], usage: 'server' });
    const kc = (await pemIdentity(t, serving.certPem, serving.keyPem)).kc;
    const err = await kc.makeApiClient(CoreV1Api).listNamespace().catch((e: unknown) => e);
    expect((err as { code?: number }).code).toBe(401);
  });
});
