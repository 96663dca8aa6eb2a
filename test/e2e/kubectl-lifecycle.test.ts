// Real kubectl 1.35: commands that wait on the server (delete with finalizers, wait --for, get -w, namespace deletion),
// and the typed commands that send protobuf bodies (RBAC, service accounts, CSR approval, auth can-i / whoami).
import { webcrypto } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, spawnKubectl, startE2eServer, tableRows, type E2eServer } from './support.ts';

let s: E2eServer;
beforeAll(async () => {
  s = await startE2eServer(['spoke1']);
  await s.kubectl(['create', 'ns', 'life']);
});
afterAll(async () => { await s?.stop(); });

async function ok(args: string[], context?: string): Promise<string> {
  const r = await s.kubectl(args, { context });
  expect(r.stderr, `kubectl ${args.join(' ')}`).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

function exitOf(child: import('node:child_process').ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('commands that wait', () => {
  it('delete waits while a finalizer holds the object, and returns once it is removed', async () => {
    await ok(['create', 'configmap', 'held', '-n', 'life']);
    await ok(['patch', 'configmap', 'held', '-n', 'life', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}']);
    const del = await spawnKubectl(s.server.kubeconfigPath, ['delete', 'configmap', 'held', '-n', 'life', '--timeout=60s']);
    const marked = await eventually(async () => {
      const r = await s.kubectl(['get', 'configmap', 'held', '-n', 'life', '-o', 'jsonpath={.metadata.deletionTimestamp}']);
      return r.stdout !== '' && r.stdout;
    });
    expect(marked).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(del.child.exitCode).toBeNull();
    await ok(['patch', 'configmap', 'held', '-n', 'life', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
    expect(await exitOf(del.child)).toBe(0);
    expect(del.output()).toBe('configmap "held" deleted from life namespace\n');
    const gone = await s.kubectl(['get', 'configmap', 'held', '-n', 'life']);
    expect(gone.stderr.trim()).toBe('Error from server (NotFound): configmaps "held" not found');
  });

  it('wait --for=condition returns when the condition appears (on a virtual cluster)', async () => {
    await ok(['create', 'deployment', 'waiter', '-n', 'default', '--image=nginx:1.27'], 'spoke1');
    const wait = await spawnKubectl(s.server.kubeconfigPath,
      ['--context', 'spoke1', 'wait', '--for=condition=Available', 'deployment/waiter', '-n', 'default', '--timeout=60s']);
    await ok(['patch', 'deployment', 'waiter', '-n', 'default', '--subresource=status', '--type=merge', '-p',
      '{"status":{"conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable","message":"ok"}]}}'], 'spoke1');
    expect(await exitOf(wait.child)).toBe(0);
    expect(wait.output()).toBe('deployment.apps/waiter condition met\n');
  });

  it('get -w prints the list, then each change (on a virtual cluster)', async () => {
    await ok(['create', 'configmap', 'first', '-n', 'default'], 'spoke1');
    const watch = await spawnKubectl(s.server.kubeconfigPath, ['--context', 'spoke1', 'get', 'configmaps', '-n', 'default', '-w']);
    try {
      await eventually(async () => /^first\s/m.test(watch.output()));
      await ok(['create', 'configmap', 'second', '-n', 'default', '--from-literal=k=v'], 'spoke1');
      await eventually(async () => /^second\s+1\s/m.test(watch.output()));
      const lines = watch.output().trim().split('\n');
      expect(lines[0]).toMatch(/^NAME\s+DATA\s+AGE$/);
      expect(lines.some((l) => /^first\s+0\s+\S+$/.test(l))).toBe(true);
      expect(watch.child.exitCode).toBeNull();
    } finally {
      watch.child.kill('SIGTERM');
    }
  });

  it.each([['the hub', undefined], ['a virtual cluster', 'spoke1']])('deleting a namespace on %s deletes its contents, then the namespace', async (_where, ctx) => {
    await ok(['create', 'ns', 'doomed'], ctx);
    await ok(['create', 'configmap', 'c1', '-n', 'doomed'], ctx);
    await ok(['create', 'secret', 'generic', 's1', '-n', 'doomed', '--from-literal=a=b'], ctx);
    await ok(['create', 'deployment', 'd1', '-n', 'doomed', '--image=busybox'], ctx);
    expect(await ok(['delete', 'ns', 'doomed', '--timeout=60s'], ctx)).toBe('namespace "doomed" deleted\n');
    const ns = await s.kubectl(['get', 'ns', 'doomed'], { context: ctx });
    expect(ns.stderr.trim()).toBe('Error from server (NotFound): namespaces "doomed" not found');
    const left = await s.kubectl(['get', 'configmaps,secrets,deployments', '-A', '--field-selector=metadata.namespace=doomed', '-o', 'name'], { context: ctx });
    expect(left.stdout).toBe('');
  });
});

describe('typed commands with protobuf bodies', () => {
  it('creates RBAC objects and service accounts and shows them', async () => {
    expect(await ok(['create', 'serviceaccount', 'robot', '-n', 'life'])).toBe('serviceaccount/robot created\n');
    expect(await ok(['create', 'role', 'reader', '-n', 'life', '--verb=get,list', '--resource=configmaps']))
      .toBe('role.rbac.authorization.k8s.io/reader created\n');
    expect(await ok(['create', 'rolebinding', 'robot-reads', '-n', 'life', '--role=reader', '--serviceaccount=life:robot', '--user=alice']))
      .toBe('rolebinding.rbac.authorization.k8s.io/robot-reads created\n');
    expect(await ok(['create', 'clusterrole', 'node-viewer', '--verb=get,list', '--resource=nodes']))
      .toBe('clusterrole.rbac.authorization.k8s.io/node-viewer created\n');
    expect(await ok(['create', 'clusterrolebinding', 'view-nodes', '--clusterrole=node-viewer', '--group=ops']))
      .toBe('clusterrolebinding.rbac.authorization.k8s.io/view-nodes created\n');
    const role = JSON.parse(await ok(['get', 'role', 'reader', '-n', 'life', '-o', 'json']));
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }]);
    const rb = tableRows(await ok(['get', 'rolebinding', 'robot-reads', '-n', 'life', '-o', 'wide']));
    expect(rb[0]).toEqual(['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS']);
    expect([rb[1][0], rb[1][1], rb[1][3], rb[1][4]]).toEqual(['robot-reads', 'Role/reader', 'alice', 'life:robot']);
    expect(tableRows(await ok(['get', 'sa', 'robot', '-n', 'life']))[0]).toEqual(['NAME', 'SECRETS', 'AGE']);
  });

  it('creates workloads with typed commands', async () => {
    const created = [
      await ok(['create', 'deployment', 'web', '-n', 'life', '--image=nginx:1.27', '--replicas=2', '--port=8080']),
      await ok(['create', 'service', 'clusterip', 'web', '-n', 'life', '--tcp=80:8080']),
      await ok(['create', 'job', 'once', '-n', 'life', '--image=busybox', '--', 'echo', 'hi']),
      await ok(['create', 'cronjob', 'tick', '-n', 'life', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date']),
      await ok(['create', 'pdb', 'web', '-n', 'life', '--selector=app=web', '--min-available=50%']),
      await ok(['create', 'quota', 'small', '-n', 'life', '--hard=pods=10,cpu=2']),
      await ok(['create', 'ingress', 'web', '-n', 'life', '--rule=web.example.com/=web:80']),
      await ok(['run', 'solo', '-n', 'life', '--image=nginx', '--labels=app=solo']),
    ];
    expect(created.join('')).toBe(['deployment.apps/web created', 'service/web created', 'job.batch/once created', 'cronjob.batch/tick created',
      'poddisruptionbudget.policy/web created', 'resourcequota/small created', 'ingress.networking.k8s.io/web created', 'pod/solo created', ''].join('\n'));
    const svc = tableRows(await ok(['get', 'svc', 'web', '-n', 'life']));
    expect(svc[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect([svc[1][0], svc[1][1], svc[1][3], svc[1][4]]).toEqual(['web', 'ClusterIP', '<none>', '80/TCP']);
    expect(tableRows(await ok(['get', 'cronjob', 'tick', '-n', 'life']))[1].slice(0, 3)).toEqual(['tick', '*/5 * * * *', '<none>']);
    expect(await ok(['get', 'deploy', 'web', '-n', 'life', '-o', 'jsonpath={.spec.template.spec.containers[0].ports[0].containerPort}'])).toBe('8080');
    expect(await ok(['get', 'pdb', 'web', '-n', 'life', '-o', 'jsonpath={.spec.minAvailable}'])).toBe('50%');
    expect(await ok(['get', 'pod', 'solo', '-n', 'life', '-o', 'jsonpath={.metadata.labels.app}'])).toBe('solo');
  });

  it('answers auth can-i and auth whoami for the admin certificate', async () => {
    expect(await ok(['auth', 'can-i', 'delete', 'secrets', '-n', 'life'])).toBe('yes\n');
    const who = await ok(['auth', 'whoami']);
    expect(who).toMatch(/^ATTRIBUTE\s+VALUE\nUsername\s+\S+/);
  });

  it('approves a CertificateSigningRequest with kubectl certificate approve', async () => {
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=agent1,O=ocm:agents', keys, signingAlgorithm: alg }, webcrypto);
    const file = join(s.dataDir, 'csr.json');
    await writeFile(file, JSON.stringify({
      apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', metadata: { name: 'agent1-csr' },
      spec: { request: Buffer.from(csr.toString('pem')).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client',
        usages: ['client auth'], expirationSeconds: 86400 },
    }));
    expect(await ok(['create', '-f', file])).toBe('certificatesigningrequest.certificates.k8s.io/agent1-csr created\n');
    const pending = tableRows(await ok(['get', 'csr', 'agent1-csr']));
    expect(pending[0]).toEqual(['NAME', 'AGE', 'SIGNERNAME', 'REQUESTOR', 'REQUESTEDDURATION', 'CONDITION']);
    expect([pending[1][2], pending[1][4], pending[1][5]]).toEqual(['kubernetes.io/kube-apiserver-client', '24h', 'Pending']);
    expect(await ok(['certificate', 'approve', 'agent1-csr'])).toBe('certificatesigningrequest.certificates.k8s.io/agent1-csr approved\n');
    const approved = JSON.parse(await ok(['get', 'csr', 'agent1-csr', '-o', 'json']));
    expect(approved.status.conditions[0]).toMatchObject({ type: 'Approved', status: 'True', reason: 'KubectlApprove',
      message: 'This CSR was approved by kubectl certificate approve.' });
    expect(tableRows(await ok(['get', 'csr', 'agent1-csr', '--no-headers']))[0][5]).toMatch(/^Approved/);
  });
});
