import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/apiserver/errors.ts';
import { decodeKubeProtobuf, encodeKubeProtobuf } from '../../../src/apiserver/protobuf.ts';
import { WireWriter } from '../../../src/apiserver/protobuf/wire.ts';
import { CAPTURED_WORKLOADS } from './protobuf-fixtures.ts';

function errorOf(fn: () => unknown): ApiError {
  try { fn(); } catch (err) { if (err instanceof ApiError) return err; throw err; }
  throw new Error('expected an ApiError');
}

// Bodies captured from kubectl v1.35.2 (`create ns foo`, `create configmap cm1 -n foo --from-literal=a=1 --from-literal=b=two`,
// `create secret generic s1 -n foo --from-literal=k=v`, `create clusterrolebinding crb1 --clusterrole=admin --user=alice
// --group=devs --serviceaccount=foo:sa1`, `create sa sa1 -n foo`, `auth can-i list pods -n foo`, `auth whoami`).
const captured: [string, string, Record<string, unknown>][] = [
  ['create ns', '6b3873000a0f0a02763112094e616d657370616365121b0a130a03666f6f12001a0022002a0032003800420012001a020a001a002200',
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo' } }],
  ['create configmap', '6b3873000a0f0a0276311209436f6e6669674d6170122a0a160a03636d3112001a03666f6f22002a0032003800420012060a016112013112080a0162120374776f1a002200',
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1', namespace: 'foo' }, data: { a: '1', b: 'two' } }],
  ['create secret', '6b3873000a0c0a027631120653656372657412270a150a02733112001a03666f6f22002a0032003800420012060a016b1201761a064f70617175651a002200',
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1', namespace: 'foo' }, data: { k: 'dg==' }, type: 'Opaque' }],
  ['create clusterrolebinding', '6b3873000a320a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f76311212436c7573746572526f6c6542696e64696e6712bd010a140a046372623112001a0022002a00320038004200122a0a04557365721219726261632e617574686f72697a6174696f6e2e6b38732e696f1a05616c6963652200122a0a0547726f75701219726261632e617574686f72697a6174696f6e2e6b38732e696f1a04646576732200121c0a0e536572766963654163636f756e7412001a037361312203666f6f1a2f0a19726261632e617574686f72697a6174696f6e2e6b38732e696f120b436c7573746572526f6c651a0561646d696e1a002200',
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'crb1' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }, { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
        { kind: 'ServiceAccount', name: 'sa1', namespace: 'foo' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' } }],
  ['create sa', '6b3873000a140a027631120e536572766963654163636f756e7412180a160a0373613112001a03666f6f22002a003200380042001a002200',
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa1', namespace: 'foo' } }],
  ['auth can-i', '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a65637441636365737352657669657712390a100a0012001a0022002a00320038004200121b0a190a03666f6f12046c6973741a0022002a04706f647332003a001a08080012001a0020001a002200',
    { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'foo', verb: 'list', resource: 'pods' } } }],
  ['auth whoami', '6b3873000a2d0a1861757468656e7469636174696f6e2e6b38732e696f2f7631121153656c665375626a656374526576696577121a0a100a0012001a0022002a0032003800420012060a040a0012001a002200',
    { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }],
];

/** Wraps a message in the `k8s\0` + runtime.Unknown envelope, written field by field. */
function envelope(apiVersion: string, kind: string, raw: WireWriter): Uint8Array {
  const body = new WireWriter().message(1, new WireWriter().string(1, apiVersion).string(2, kind)).message(2, raw).finish();
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...body]);
}
const meta = (name: string, extra: (w: WireWriter) => WireWriter = (w) => w): WireWriter => extra(new WireWriter().string(1, name));
const emptyTime = new WireWriter();
const time = (iso: string): WireWriter => new WireWriter().uint(1, Date.parse(iso) / 1000).uint(2, 0);

describe('decodeKubeProtobuf', () => {
  it.each(captured)('decodes kubectl %s', (_name, hex, expected) => {
    expect(decodeKubeProtobuf(Buffer.from(hex, 'hex'))).toEqual(expected);
  });

  it.each(CAPTURED_WORKLOADS)('decodes kubectl %s', (_name, hex, expected) => {
    expect(decodeKubeProtobuf(Buffer.from(hex, 'hex'))).toEqual(expected);
  });

  it('refuses a value in a field it has no layout for instead of dropping it', () => {
    const body = envelope('apps/v1', 'Deployment', new WireWriter().message(1, meta('d')).message(2, new WireWriter().uint(1, 2).uint(8, 1)));
    const err = errorOf(() => decodeKubeProtobuf(body));
    expect(err.code).toBe(415);
    expect(err.message).toBe('protobuf field 8 of spec is not supported for Deployment (apps/v1); send it as application/json');
  });

  it('round-trips IntOrString, quantities and inlined structs', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {
      containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: '500m' } },
        env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }] }],
      volumes: [{ name: 'v', configMap: { name: 'cm', defaultMode: 420 } }] } };
    expect(decodeKubeProtobuf(encodeKubeProtobuf(pod))).toEqual(pod);
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { maxUnavailable: 0 } };
    expect(decodeKubeProtobuf(encodeKubeProtobuf(pdb))).toEqual(pdb);
  });

  it('decodes a CSR approval: bytes as base64, empty Time as absent, set Time as RFC3339', () => {
    const condition = new WireWriter().string(1, 'Approved').string(2, 'KubectlApprove')
      .string(3, 'This CSR was approved by kubectl certificate approve.').message(4, time('2026-11-24T06:18:03Z'))
      .message(5, emptyTime).string(6, 'True');
    const body = envelope('certificates.k8s.io/v1', 'CertificateSigningRequest', new WireWriter()
      .message(1, meta('csr1', (w) => w.string(6, '42').message(8, time('2026-11-24T06:00:00Z')).message(11, new WireWriter().string(1, 'k').string(2, 'v'))))
      .message(2, new WireWriter().bytes(1, Buffer.from('-----BEGIN')).string(2, 'system:admin').string(4, 'system:masters').string(4, 'b')
        .string(5, 'client auth').message(6, new WireWriter().string(1, 'scope').message(2, new WireWriter().string(1, 'x').string(1, 'y')))
        .string(7, 'kubernetes.io/kube-apiserver-client').uint(8, 3600))
      .message(3, new WireWriter().message(1, condition)));
    expect(decodeKubeProtobuf(body)).toEqual({
      apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest',
      metadata: { name: 'csr1', resourceVersion: '42', creationTimestamp: '2026-11-24T06:00:00Z', labels: { k: 'v' } },
      spec: { request: Buffer.from('-----BEGIN').toString('base64'), username: 'system:admin', groups: ['system:masters', 'b'],
        usages: ['client auth'], extra: { scope: ['x', 'y'] }, signerName: 'kubernetes.io/kube-apiserver-client', expirationSeconds: 3600 },
      status: { conditions: [{ type: 'Approved', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.',
        lastUpdateTime: '2026-11-24T06:18:03Z', status: 'True' }] },
    });
  });

  it('keeps explicit false on pointer fields and decodes binary data', () => {
    const body = envelope('v1', 'ConfigMap', new WireWriter().message(1, meta('c'))
      .message(3, new WireWriter().string(1, 'bin').bytes(2, Uint8Array.from([0, 1, 2]))).bool(4, false));
    expect(decodeKubeProtobuf(body)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, binaryData: { bin: 'AAEC' }, immutable: false });
  });

  it('decodes a ClusterRole with rules and an aggregation rule', () => {
    const selector = new WireWriter().message(1, new WireWriter().string(1, 'rbac.example.com/aggregate-to-admin').string(2, 'true'))
      .message(2, new WireWriter().string(1, 'tier').string(2, 'In').string(3, 'a'));
    const body = envelope('rbac.authorization.k8s.io/v1', 'ClusterRole', new WireWriter().message(1, meta('agg'))
      .message(2, new WireWriter().string(1, 'get').string(1, 'list').string(2, '').string(3, 'pods').string(5, '/healthz'))
      .message(3, new WireWriter().message(1, selector)));
    expect(decodeKubeProtobuf(body)).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'agg' },
      rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], nonResourceURLs: ['/healthz'] }],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-admin': 'true' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] }] },
    });
  });

  it('decodes a SubjectAccessReview and a SelfSubjectRulesReview', () => {
    const sar = envelope('authorization.k8s.io/v1', 'SubjectAccessReview', new WireWriter().message(1, meta(''))
      .message(2, new WireWriter().message(2, new WireWriter().string(1, '/metrics').string(2, 'get')).string(3, 'bob').string(4, 'g1')
        .message(5, new WireWriter().string(1, 'k').message(2, new WireWriter().string(1, 'v'))).string(6, 'uid-1')));
    expect(decodeKubeProtobuf(sar)).toEqual({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
      spec: { nonResourceAttributes: { path: '/metrics', verb: 'get' }, user: 'bob', groups: ['g1'], extra: { k: ['v'] }, uid: 'uid-1' } });
    const rules = envelope('authorization.k8s.io/v1', 'SelfSubjectRulesReview', new WireWriter().message(2, new WireWriter().string(1, 'ns1')));
    expect(decodeKubeProtobuf(rules)).toEqual({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'ns1' } });
  });

  it('round-trips through encodeKubeProtobuf', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n', labels: { a: 'b' }, finalizers: ['x/y'] },
      data: { k: 'dmFsdWU=' }, stringData: { plain: 'text' }, type: 'kubernetes.io/tls', immutable: true };
    expect(decodeKubeProtobuf(encodeKubeProtobuf(secret))).toEqual(secret);
  });

  it('answers 415 for kinds it has no layout for, naming the kind', () => {
    const err = errorOf(() => decodeKubeProtobuf(envelope('scheduling.k8s.io/v1', 'PriorityClass', new WireWriter().message(1, meta('d')))));
    expect(err.code).toBe(415);
    expect(err.message).toContain('PriorityClass');
  });

  it('answers 400 for bodies without the magic or with broken wire data', () => {
    expect(errorOf(() => decodeKubeProtobuf(Buffer.from('{"kind":"Namespace"}'))).code).toBe(400);
    const truncated = Buffer.from(captured[0][1], 'hex').subarray(0, 30);
    const err = errorOf(() => decodeKubeProtobuf(truncated));
    expect(err.code).toBe(400);
    expect(err.message).toMatch(/^unable to decode protobuf body: truncated/);
  });
});
