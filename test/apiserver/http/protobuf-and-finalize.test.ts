import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKubeProtobuf } from '../../../src/apiserver/protobuf.ts';
import { startTestServer } from '../server/harness.ts';
import type { TestServer } from '../server/harness.ts';
import { generateCsr } from '../security/csr-helpers.ts';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

describe('protobuf bodies, CSR requestor and namespace finalize', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('creates objects from kube protobuf bodies (as kubectl create ns / configmap send them) and answers JSON', async () => {
    const ns = encodeKubeProtobuf({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'proto' } });
    const r = await t.raw('POST', '/api/v1/namespaces?fieldManager=kubectl-create&fieldValidation=Strict', {
      headers: { 'Content-Type': PROTOBUF, Accept: `${PROTOBUF},application/json` },
      body: Buffer.from(ns),
    });
    expect(r.status).toBe(201);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json()).toMatchObject({ kind: 'Namespace', metadata: { name: 'proto' }, status: { phase: 'Active' } });
    const cm = encodeKubeProtobuf({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pcm', namespace: 'proto' }, data: { a: 'b' } });
    const created = await t.raw('POST', '/api/v1/namespaces/proto/configmaps', { headers: { 'Content-Type': PROTOBUF }, body: Buffer.from(cm) });
    expect(created.json()).toMatchObject({ kind: 'ConfigMap', data: { a: 'b' } });
    const garbage = await t.raw('POST', '/api/v1/namespaces/proto/configmaps', { headers: { 'Content-Type': PROTOBUF }, body: 'not protobuf' });
    expect(garbage.status).toBe(400);
    expect(garbage.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });

  it('records the requesting user in a CSR spec', async () => {
    const r = await t.raw('POST', '/apis/certificates.k8s.io/v1/certificatesigningrequests', {
      body: JSON.stringify({
        apiVersion: 'certificates.k8s.io/v1',
        kind: 'CertificateSigningRequest',
        metadata: { name: 'who' },
        spec: { request: (await generateCsr('who')).request, signerName: 'example.com/s', usages: ['client auth'], username: 'forged' },
      }),
    });
    expect(r.json<any>().spec).toMatchObject({ username: 'admin', groups: expect.arrayContaining(['system:masters']) });
  });

  it('removes a terminating namespace once /finalize empties spec.finalizers', async () => {
    await t.raw('POST', '/api/v1/namespaces', { body: JSON.stringify({ metadata: { name: 'fz' } }) });
    await t.raw('POST', '/api/v1/namespaces/fz/configmaps', { body: JSON.stringify({ metadata: { name: 'held', finalizers: ['example.com/hold'] } }) });
    await t.raw('DELETE', '/api/v1/namespaces/fz');
    const ns = (await t.raw('GET', '/api/v1/namespaces/fz')).json<any>();
    expect(ns.status.phase).toBe('Terminating');
    const finalized = await t.raw('PUT', '/api/v1/namespaces/fz/finalize', { body: JSON.stringify({ ...ns, spec: { finalizers: [] } }) });
    expect(finalized.status).toBe(200);
    expect((await t.raw('GET', '/api/v1/namespaces/fz')).status).toBe(404);
  });
});
