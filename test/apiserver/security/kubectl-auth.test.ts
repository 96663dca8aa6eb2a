// Real kubectl against the secured server: users and tokens from the `ocm apiserver` CLI, auth can-i (with --list),
// auth whoami, certificate approve / deny, and kube's Forbidden message.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificatesV1Api, CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { startTestServer } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';
import { generateCsr } from './csr-helpers.ts';
import { kubectl, tokenIdentity } from './harness.ts';

const RBAC = 'rbac.authorization.k8s.io';

function ocm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['src/cli/main.ts', ...args], (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('kubectl against the secured API server', () => {
  let t: TestServer;
  let alice: string;
  let admin: string;

  beforeAll(async () => {
    t = await startTestServer();
    admin = t.server.kubeconfigPath;
    const core = t.kc.makeApiClient(CoreV1Api);
    for (const name of ['team-a', 'team-b']) await core.createNamespace({ body: { metadata: { name } } });
    await t.kc.makeApiClient(RbacAuthorizationV1Api).createNamespacedRoleBinding({ namespace: 'team-a', body: {
      metadata: { name: 'devs-view' }, subjects: [{ kind: 'Group', name: 'devs', apiGroup: RBAC }],
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' },
    } });
    const added = await ocm(['apiserver', 'user', 'add', 'alice', '--data-dir', t.dataDir, '--group', 'devs', '--group', 'qa']);
    expect(added.code).toBe(0);
    alice = added.stdout.trim();
    expect(alice).toBe(join(t.dataDir, 'users', 'alice.kubeconfig'));
  });

  afterAll(async () => {
    await t.stop();
  });

  it('auth whoami names the certificate user and its groups', async () => {
    const r = await kubectl(alice, ['auth', 'whoami', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status.userInfo).toMatchObject({ username: 'alice', groups: ['devs', 'qa', 'system:authenticated'] });
  });

  it('auth can-i answers per namespace, and --list shows the rules', async () => {
    expect(await kubectl(alice, ['auth', 'can-i', 'list', 'configmaps', '-n', 'team-a'])).toMatchObject({ code: 0, stdout: 'yes\n' });
    expect(await kubectl(alice, ['auth', 'can-i', 'list', 'configmaps', '-n', 'team-b'])).toMatchObject({ code: 1, stdout: 'no\n' });
    expect(await kubectl(alice, ['auth', 'can-i', 'delete', 'configmaps', '-n', 'team-a'])).toMatchObject({ code: 1, stdout: 'no\n' });
    const list = await kubectl(alice, ['auth', 'can-i', '--list', '-n', 'team-a']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs/);
    expect(list.stdout).toMatch(/\nconfigmaps\s+\[\]\s+\[\]\s+\[get list watch\]/);
    expect(list.stdout).toMatch(/selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/);
    const other = await kubectl(alice, ['auth', 'can-i', '--list', '-n', 'team-b']);
    expect(other.stdout).not.toMatch(/\nconfigmaps\s/);
  });

  it('prints kube\'s Forbidden message', async () => {
    const r = await kubectl(alice, ['get', 'configmaps', '-n', 'team-b']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (Forbidden): configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "team-b"');
  });

  it('token create prints a bootstrap token that logs in as system:bootstrap:<id>', async () => {
    const created = await ocm(['apiserver', 'token', 'create', '--data-dir', t.dataDir, '--ttl', '1h', '--groups', 'system:bootstrappers:managedcluster']);
    expect(created.code).toBe(0);
    const token = created.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    const id = (await tokenIdentity(t, token)).file;
    const who = JSON.parse((await kubectl(id, ['auth', 'whoami', '-o', 'json'])).stdout);
    expect(who.status.userInfo).toMatchObject({ username: `system:bootstrap:${token.slice(0, 6)}`,
      groups: ['system:bootstrappers', 'system:bootstrappers:managedcluster', 'system:authenticated'] });
    expect((await kubectl(id, ['get', 'secrets', '-n', 'kube-system'])).stderr).toContain('Error from server (Forbidden)');
    const bad = await ocm(['apiserver', 'token', 'create', '--data-dir', t.dataDir, '--groups', 'admins']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('invalid group "admins"');
  });

  it('create token issues a service-account token that logs in as the ServiceAccount', async () => {
    expect((await kubectl(admin, ['create', 'serviceaccount', 'robot', '-n', 'team-a'])).code).toBe(0);
    const created = await kubectl(admin, ['create', 'token', 'robot', '-n', 'team-a', '--duration', '20m']);
    expect(created.code).toBe(0);
    const id = (await tokenIdentity(t, created.stdout.trim())).file;
    const who = JSON.parse((await kubectl(id, ['auth', 'whoami', '-o', 'json'])).stdout);
    expect(who.status.userInfo.username).toBe('system:serviceaccount:team-a:robot');
    expect((await kubectl(id, ['auth', 'can-i', 'get', 'pods', '-n', 'team-a'])).stdout).toBe('no\n');
  });

  it('certificate approve issues a certificate; certificate deny does not', async () => {
    const certs = t.kc.makeApiClient(CertificatesV1Api);
    for (const name of ['to-approve', 'to-deny']) {
      const { request } = await generateCsr(name, ['team']);
      const file = join(t.dataDir, `${name}.json`);
      await writeFile(file, JSON.stringify({ apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name },
        spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'] } }));
      expect((await kubectl(admin, ['create', '-f', file])).code).toBe(0);
    }
    expect(await kubectl(admin, ['certificate', 'deny', 'to-deny'])).toMatchObject({ code: 0, stdout: 'certificatesigningrequest.certificates.k8s.io/to-deny denied\n' });
    expect(await kubectl(admin, ['certificate', 'approve', 'to-approve'])).toMatchObject({ code: 0, stdout: 'certificatesigningrequest.certificates.k8s.io/to-approve approved\n' });
    let approved = await certs.readCertificateSigningRequest({ name: 'to-approve' });
    for (let i = 0; i < 200 && !approved.status?.certificate; i++) {
      await new Promise((r) => setTimeout(r, 20));
      approved = await certs.readCertificateSigningRequest({ name: 'to-approve' });
    }
    expect(Buffer.from(approved.status!.certificate!, 'base64').toString()).toContain('-----BEGIN CERTIFICATE-----');
    const denied = await certs.readCertificateSigningRequest({ name: 'to-deny' });
    expect(denied.status?.conditions?.[0]).toMatchObject({ type: 'Denied', reason: 'KubectlDeny' });
    expect(denied.status?.certificate).toBeUndefined();
    const table = await kubectl(admin, ['get', 'csr', 'to-approve', '--no-headers']);
    expect(table.stdout).toContain('Approved,Issued');
    // alice (view in team-a only) may not approve
    const refused = await kubectl(alice, ['certificate', 'approve', 'to-deny']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Forbidden');
  });
});
