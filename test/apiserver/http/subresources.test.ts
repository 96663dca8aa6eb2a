import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { startTestServer, statusOf } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';
import { generateCsr } from '../security/csr-helpers.ts';

const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
const deployment = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  status: { replicas: 99 },
});

describe('status subresource, generation, approval and finalize', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('ignores .status on the main endpoint and bumps generation only on spec changes', async () => {
    const created = (await t.raw('POST', DEPLOY, { body: JSON.stringify(deployment(1)) })).json<any>();
    expect(created.status).toBeUndefined();
    expect(created.metadata.generation).toBe(1);
    const labelled = (await t.raw('PATCH', `${DEPLOY}/web`, { headers: { 'Content-Type': 'application/merge-patch+json' }, body: '{"metadata":{"labels":{"x":"y"}},"status":{"replicas":5}}' })).json<any>();
    expect(labelled.metadata.generation).toBe(1);
    expect(labelled.status).toBeUndefined();
    const scaled = (await t.raw('PATCH', `${DEPLOY}/web`, { headers: { 'Content-Type': 'application/strategic-merge-patch+json' }, body: '{"spec":{"replicas":3}}' })).json<any>();
    expect(scaled.metadata.generation).toBe(2);
    expect(scaled.spec.template.spec.containers).toEqual([{ name: 'c', image: 'nginx' }]);
  });

  it('changes only .status through /status', async () => {
    const current = (await t.raw('GET', `${DEPLOY}/web`)).json<any>();
    const body = { ...current, spec: { ...current.spec, replicas: 7 }, status: { replicas: 3, readyReplicas: 3 } };
    const updated = (await t.raw('PUT', `${DEPLOY}/web/status`, { body: JSON.stringify(body) })).json<any>();
    expect(updated.status).toEqual({ replicas: 3, readyReplicas: 3 });
    expect(updated.spec.replicas).toBe(3);
    expect(updated.metadata.generation).toBe(current.metadata.generation);
    const patched = (await t.raw('PATCH', `${DEPLOY}/web/status`, { headers: { 'Content-Type': 'application/merge-patch+json' }, body: '{"status":{"readyReplicas":2},"spec":{"replicas":1}}' })).json<any>();
    expect(patched.status).toEqual({ replicas: 3, readyReplicas: 2 });
    expect(patched.spec.replicas).toBe(3);
    const viaGet = (await t.raw('GET', `${DEPLOY}/web/status`)).json<any>();
    expect(viaGet.status.readyReplicas).toBe(2);
  });

  it('serves /scale for a Deployment and writes only spec.replicas through it', async () => {
    const scale = (await t.raw('GET', `${DEPLOY}/web/scale`)).json<any>();
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web' }, spec: { replicas: 3 }, status: { replicas: 3, selector: 'app=web' } });
    const before = (await t.raw('GET', `${DEPLOY}/web`)).json<any>();
    const patched = await t.raw('PATCH', `${DEPLOY}/web/scale`, { headers: { 'Content-Type': 'application/merge-patch+json' }, body: '{"spec":{"replicas":5}}' });
    expect(patched.json<any>()).toMatchObject({ kind: 'Scale', spec: { replicas: 5 } });
    const after = (await t.raw('GET', `${DEPLOY}/web`)).json<any>();
    expect(after.spec.replicas).toBe(5);
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
    const stale = await t.raw('PUT', `${DEPLOY}/web/scale`, { body: JSON.stringify({ ...scale, spec: { replicas: 1 } }) });
    expect(stale.status).toBe(409);
  });

  it('answers an update with no changes without a new resourceVersion', async () => {
    const current = await t.raw('GET', `${DEPLOY}/web`);
    const again = await t.raw('PUT', `${DEPLOY}/web`, { body: current.body });
    expect(again.json<any>().metadata.resourceVersion).toBe(current.json<any>().metadata.resourceVersion);
  });

  it('approves a CSR through /approval, changing only its conditions', async () => {
    const csr = {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: 'agent-csr' },
      spec: { request: (await generateCsr('agent')).request, signerName: 'example.com/agents', usages: ['client auth'] },
    };
    const created = (await t.raw('POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', { body: JSON.stringify(csr) })).json<any>();
    const condition = { type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.', lastUpdateTime: '2026-01-01T00:00:00Z' };
    const approved = await t.raw('PUT', '/apis/certificates.k8s.io/v1/certificatesigningrequests/agent-csr/approval', {
      body: JSON.stringify({ ...created, spec: { ...created.spec, signerName: 'changed' }, status: { conditions: [condition] } }),
    });
    expect(approved.status).toBe(200);
    expect(approved.json<any>().status.conditions).toEqual([{ ...condition, lastTransitionTime: expect.any(String) }]);
    expect(approved.json<any>().spec.signerName).toBe('example.com/agents');
    const stale = await t.raw('PUT', '/apis/certificates.k8s.io/v1/certificatesigningrequests/agent-csr/approval', {
      body: JSON.stringify({ ...created, status: { conditions: [condition] } }),
    });
    expect(stale.status).toBe(409);
  });

  it('deletes a namespace with its contents; creates in it are refused while it terminates', async () => {
    const core = t.kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'doomed' } } });
    await core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
    await core.deleteNamespace({ name: 'doomed' });
    const ns = await core.readNamespace({ name: 'doomed' });
    expect(ns.status?.phase).toBe('Terminating');
    const refused = await core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'late' } } }).catch((e) => e);
    expect(statusOf(refused)).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    });
    // release the finalizer: the namespace controller then finishes
    const held = await core.readNamespacedConfigMap({ name: 'held', namespace: 'doomed' });
    await core.replaceNamespacedConfigMap({ name: 'held', namespace: 'doomed', body: { ...held, metadata: { ...held.metadata, finalizers: [] } } });
    for (let i = 0; i < 100; i++) {
      const gone = await core.readNamespace({ name: 'doomed' }).then(() => false, (e) => e.code === 404);
      if (gone) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('namespace doomed was never removed');
  });

  it('creates on PUT for kinds kube allows it (Lease) and answers 404 for others (ConfigMap)', async () => {
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l1' }, spec: { holderIdentity: 'me' } };
    const created = await t.raw('PUT', '/apis/coordination.k8s.io/v1/namespaces/default/leases/l1', { body: JSON.stringify(lease) });
    expect(created.status).toBe(201);
    expect(created.json<any>().spec.holderIdentity).toBe('me');
    const cm = await t.raw('PUT', '/api/v1/namespaces/default/configmaps/absent', { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'absent' } }) });
    expect(cm.status).toBe(404);
  });

  it('answers review kinds without storing them', async () => {
    const r = await t.raw('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body: JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } }),
    });
    expect(r.status).toBe(201);
    expect(r.json<any>().status.allowed).toBe(true);
    const who = await t.raw('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
    });
    expect(who.json<any>().status.userInfo).toMatchObject({ username: 'admin', groups: expect.arrayContaining(['system:masters']) });
  });
});
