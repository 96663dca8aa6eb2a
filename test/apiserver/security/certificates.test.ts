// The CSR API through client-node: requestor identity stamped by the server, approval needs `approve` on the signer,
// only approved CSRs get certificates from the built-in kube-apiserver-client signer, and those log in until they expire.
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationV1Api, CertificatesV1Api, CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import type { V1CertificateSigningRequest } from '@kubernetes/client-node';
import { newBootstrapToken } from '../../../src/apiserver/auth/admin/bootstrap-tokens.ts';
import { issueCertificate } from '../../../src/apiserver/auth/pki.ts';
import { startTestServer } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';
import { generateCsr } from './csr-helpers.ts';
import { certIdentity, pemIdentity, tokenIdentity } from './harness.ts';

const SIGNER = 'kubernetes.io/kube-apiserver-client';
const RBAC = 'rbac.authorization.k8s.io';

function csrBody(name: string, request: string, extra: Record<string, unknown> = {}): V1CertificateSigningRequest {
  return { metadata: { name }, spec: { request, signerName: SIGNER, usages: ['digital signature', 'key encipherment', 'client auth'], ...extra } };
}

const approved = (reason = 'KubectlApprove') => ({ type: 'Approved', status: 'True', reason, message: 'ok' });
const bodyOf = (err: unknown): { code: number; message: string } => JSON.parse((err as { body: string }).body);

describe('CertificateSigningRequests', () => {
  let t: TestServer;
  let admin: CertificatesV1Api;

  async function issued(name: string): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const csr = await admin.readCertificateSigningRequest({ name });
      if (csr.status?.certificate) return Buffer.from(csr.status.certificate, 'base64').toString('utf8');
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no certificate issued for ${name}`);
  }

  beforeAll(async () => {
    t = await startTestServer({ security: { minCsrExpirationSeconds: 1 } });
    admin = t.kc.makeApiClient(CertificatesV1Api);
  });

  afterAll(async () => {
    await t.stop();
  });

  it('stamps the requestor from the credential, ignoring what the client claims', async () => {
    const core = t.kc.makeApiClient(CoreV1Api);
    const token = newBootstrapToken(3_600_000, ['system:bootstrappers:managedcluster']);
    await core.createNamespacedSecret({ namespace: 'kube-system', body: token.secret });
    await t.kc.makeApiClient(RbacAuthorizationV1Api).createClusterRoleBinding({ body: {
      metadata: { name: 'bootstrap-csr' }, subjects: [{ kind: 'Group', name: 'system:bootstrappers', apiGroup: RBAC }],
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'system:node-bootstrapper' },
    } });
    const agent = (await tokenIdentity(t, token.token)).kc.makeApiClient(CertificatesV1Api);
    const { request } = await generateCsr('system:open-cluster-management:c1:agent', ['system:open-cluster-management:c1']);
    const forged = csrBody('forged', request, { username: 'admin', uid: 'u-1', groups: ['system:masters'], extra: { a: ['b'] } });
    const created = await agent.createCertificateSigningRequest({ body: { ...forged, status: { conditions: [approved()] } } });
    const id = token.token.split('.')[0];
    expect(created.spec.username).toBe(`system:bootstrap:${id}`);
    expect(created.spec.groups).toEqual(['system:bootstrappers', 'system:bootstrappers:managedcluster', 'system:authenticated']);
    expect(created.spec.uid).toBeUndefined();
    expect(created.spec.extra).toBeUndefined();
    expect(created.status?.conditions ?? []).toEqual([]);
    // the agent cannot approve its own request
    const err = await agent.replaceCertificateSigningRequestApproval({ name: 'forged', body: { ...created, status: { conditions: [approved()] } } })
      .catch((e: unknown) => e);
    expect(bodyOf(err).code).toBe(403);
  });

  it('refuses requests for system:masters and malformed requests', async () => {
    const masters = await generateCsr('evil', ['system:masters']);
    const err = await admin.createCertificateSigningRequest({ body: csrBody('evil', masters.request) }).catch((e: unknown) => e);
    expect(bodyOf(err)).toMatchObject({
      code: 403,
      message: `certificatesigningrequests.certificates.k8s.io "evil" is forbidden: use of ${SIGNER} signer with system:masters group is not allowed`,
    });
    const junk = await admin.createCertificateSigningRequest({ body: csrBody('junk', Buffer.from('junk').toString('base64'), { usages: ['client auth', 'bogus'] }) })
      .catch((e: unknown) => e);
    expect(bodyOf(junk).code).toBe(422);
    expect(bodyOf(junk).message).toContain('spec.request');
    expect(bodyOf(junk).message).toContain('spec.usages[1]: Unsupported value: "bogus"');
  });

  it('requires `approve` on the signer to approve, and signs only approved requests', async () => {
    const rbac = t.kc.makeApiClient(RbacAuthorizationV1Api);
    await rbac.createClusterRole({ body: { metadata: { name: 'csr-approval' }, rules: [
      { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], verbs: ['get', 'list', 'create'] },
      { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'], verbs: ['update'] },
    ] } });
    for (const who of ['approver', 'clerk']) {
      await rbac.createClusterRoleBinding({ body: { metadata: { name: `${who}-csr` }, subjects: [{ kind: 'User', name: who, apiGroup: RBAC }],
        roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'csr-approval' } } });
    }
    await rbac.createClusterRoleBinding({ body: { metadata: { name: 'approver-signer' }, subjects: [{ kind: 'User', name: 'approver', apiGroup: RBAC }],
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'system:certificates.k8s.io:kube-apiserver-client-approver' } } });
    const approver = (await certIdentity(t, 'approver')).kc.makeApiClient(CertificatesV1Api);
    const clerk = (await certIdentity(t, 'clerk')).kc.makeApiClient(CertificatesV1Api);

    const reqs = await Promise.all(['good', 'denied', 'pending'].map((n) => generateCsr(`user-${n}`, ['team'])));
    const [good, denied, pending] = await Promise.all(['good', 'denied', 'pending'].map((n, i) =>
      clerk.createCertificateSigningRequest({ body: csrBody(n, reqs[i].request, { expirationSeconds: 3600 }) })));
    expect(pending.metadata?.name).toBe('pending');

    const err = await clerk.replaceCertificateSigningRequestApproval({ name: 'good', body: { ...good, status: { conditions: [approved()] } } })
      .catch((e: unknown) => e);
    expect(bodyOf(err)).toMatchObject({ code: 403,
      message: `certificatesigningrequests.certificates.k8s.io "good" is forbidden: user not permitted to approve requests with signerName "${SIGNER}"` });

    await approver.replaceCertificateSigningRequestApproval({ name: 'denied', body: { ...denied,
      status: { conditions: [{ type: 'Denied', status: 'True', reason: 'KubectlDeny', message: 'no' }] } } });
    await approver.replaceCertificateSigningRequestApproval({ name: 'good', body: { ...good, status: { conditions: [approved()] } } });
    const pem = await issued('good');
    const cert = new X509Certificate(pem);
    expect(cert.subject).toBe('CN=user-good\nO=team');
    expect(cert.checkIssued(new X509Certificate(t.kc.getCurrentCluster()!.caData ? Buffer.from(t.kc.getCurrentCluster()!.caData!, 'base64') : ''))).toBe(true);
    const lifetime = Date.parse(cert.validTo) - Date.now();
    expect(lifetime).toBeGreaterThan(3000_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);
    // the good one was signed after both approvals were recorded: neither the denied nor the pending request got one
    for (const name of ['denied', 'pending']) {
      const csr = await admin.readCertificateSigningRequest({ name });
      expect(csr.status?.certificate).toBeUndefined();
    }
    // approval is final: a denied request cannot be approved later
    const current = await admin.readCertificateSigningRequest({ name: 'denied' });
    const flip = await approver.replaceCertificateSigningRequestApproval({ name: 'denied', body: { ...current, status: { conditions: [approved()] } } })
      .catch((e: unknown) => e);
    expect(bodyOf(flip).code).toBe(422);
  });

  it('issues certificates that authenticate until they expire', async () => {
    const { request, keyPem } = await generateCsr('short-lived', ['temps']);
    const csr = await admin.createCertificateSigningRequest({ body: csrBody('short', request, { expirationSeconds: 2 }) });
    await admin.replaceCertificateSigningRequestApproval({ name: 'short', body: { ...csr, status: { conditions: [approved()] } } });
    const pem = await issued('short');
    const notAfter = Date.parse(new X509Certificate(pem).validTo);
    const kc = (await pemIdentity(t, pem, keyPem)).kc;
    const who = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} });
    expect(who.status?.userInfo).toMatchObject({ username: 'short-lived', groups: ['temps', 'system:authenticated'] });
    expect(who.status?.userInfo?.extra?.['authentication.kubernetes.io/credential-id']?.[0]).toMatch(/^X509SHA256=[0-9a-f]{64}$/);
    while (Date.now() <= notAfter + 1000) await new Promise((r) => setTimeout(r, 200));
    const err = await kc.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: {} }).catch((e: unknown) => e);
    expect((err as { code: number }).code).toBe(401);
  });

  it('rejects a certificate that has already expired and one from another CA', async () => {
    const ca = { certPem: Buffer.from(t.kc.getCurrentCluster()!.caData!, 'base64').toString(), keyPem: '' };
    const { readFile } = await import('node:fs/promises');
    ca.keyPem = await readFile(`${t.dataDir}/pki/ca.key`, 'utf8');
    const expired = await issueCertificate(ca, { commonName: 'old', usage: 'client', validityMs: -120_000 });
    const r1 = await (await pemIdentity(t, expired.certPem, expired.keyPem)).kc.makeApiClient(CoreV1Api).listNamespace().catch((e: unknown) => e);
    expect((r1 as { code: number }).code).toBe(401);
    const other = await issueCertificate({ certPem: ca.certPem, keyPem: (await generateCsr('x')).keyPem }, { commonName: 'mallory', organizations: ['system:masters'], usage: 'client' });
    const r2 = await (await pemIdentity(t, other.certPem, other.keyPem)).kc.makeApiClient(CoreV1Api).listNamespace().catch((e: unknown) => e);
    expect((r2 as { code: number }).code).toBe(401);
  });
});
