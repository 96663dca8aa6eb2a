// Which requests reach a webhook: rules, namespaceSelector, objectSelector, DELETE, dry run; plus warnings and
// service references.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdmissionregistrationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { startE2eServer } from '../../e2e/support.ts';
import type { E2eServer } from '../../e2e/support.ts';
import { configMapRules, configure, failure } from './support.ts';
import { startWebhookServer } from './webhook-server.ts';
import type { WebhookServer } from './webhook-server.ts';

let s: E2eServer;
let hook: WebhookServer;
let core: CoreV1Api;
let admission: AdmissionregistrationV1Api;

beforeAll(async () => {
  s = await startE2eServer();
  hook = await startWebhookServer({ dnsNames: ['hooks.webhooks.svc'] });
  core = s.kubeConfig('hub').makeApiClient(CoreV1Api);
  admission = s.kubeConfig('hub').makeApiClient(AdmissionregistrationV1Api);
  await core.createNamespace({ body: { metadata: { name: 'sel-on', labels: { admission: 'on' } } } });
  for (const ns of ['sel-off', 'rules', 'del', 'warn', 'dry', 'webhooks', 'svc']) await core.createNamespace({ body: { metadata: { name: ns } } });
}, 60_000);

afterAll(async () => {
  await hook?.close();
  await s?.stop();
});

const denyAll = (): void => hook.setHandler(() => ({ allowed: false, status: { message: 'denied by test' } }));

describe('selectors and rules', () => {
  it('namespaceSelector matches the labels of the request\'s namespace', async () => {
    denyAll();
    const remove = await configure(admission, 'validating', 'ns-sel', [{ name: 'ns.example.io', url: hook.url, caBundle: hook.caBundle, namespaceSelector: { matchLabels: { admission: 'on' } } }]);
    try {
      const status = await failure(core.createNamespacedConfigMap({ namespace: 'sel-on', body: { metadata: { name: 'x' } } }));
      expect(status.message).toBe('admission webhook "ns.example.io" denied the request: denied by test');
      await core.createNamespacedConfigMap({ namespace: 'sel-off', body: { metadata: { name: 'x' } } });
      // labelling the namespace brings it under the webhook at once
      await core.patchNamespace({ name: 'sel-off', body: [{ op: 'add', path: '/metadata/labels/admission', value: 'on' }] });
      expect((await failure(core.createNamespacedConfigMap({ namespace: 'sel-off', body: { metadata: { name: 'y' } } }))).code).toBe(400);
    } finally {
      await remove();
    }
  });

  it('objectSelector matches the new or the old object\'s labels', async () => {
    denyAll();
    await core.createNamespacedConfigMap({ namespace: 'rules', body: { metadata: { name: 'tagged', labels: { guard: 'yes' } } } });
    const remove = await configure(admission, 'validating', 'obj-sel', [{ name: 'obj.example.io', url: hook.url, caBundle: hook.caBundle, objectSelector: { matchLabels: { guard: 'yes' } } }]);
    try {
      expect((await failure(core.createNamespacedConfigMap({ namespace: 'rules', body: { metadata: { name: 'n', labels: { guard: 'yes' } } } }))).code).toBe(400);
      await core.createNamespacedConfigMap({ namespace: 'rules', body: { metadata: { name: 'n', labels: { guard: 'no' } } } });
      // removing the label is still judged: the old object matches
      const status = await failure(core.replaceNamespacedConfigMap({ namespace: 'rules', name: 'tagged', body: { metadata: { name: 'tagged', labels: {} } } }));
      expect(status.message).toContain('"obj.example.io" denied the request');
    } finally {
      await remove();
    }
  });

  it('rules select operations, resources and scope', async () => {
    denyAll();
    const remove = await configure(admission, 'validating', 'rules', [
      { name: 'create-cm.example.io', url: hook.url, caBundle: hook.caBundle, rules: configMapRules(['CREATE']), namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'rules' } } },
      { name: 'cluster-ns.example.io', url: hook.url, caBundle: hook.caBundle, rules: [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'], scope: 'Cluster' }], objectSelector: { matchLabels: { blocked: 'yes' } } },
    ]);
    try {
      await core.patchNamespace({ name: 'rules', body: [{ op: 'add', path: '/metadata/labels/kubernetes.io~1metadata.name', value: 'rules' }] });
      expect((await failure(core.createNamespacedConfigMap({ namespace: 'rules', body: { metadata: { name: 'c' } } }))).message).toContain('"create-cm.example.io"');
      // UPDATE and other resources are not covered by the first rule
      await core.replaceNamespacedConfigMap({ namespace: 'rules', name: 'n', body: { metadata: { name: 'n' }, data: { a: 'b' } } });
      await core.createNamespacedSecret({ namespace: 'rules', body: { metadata: { name: 's' } } });
      // scope Cluster: a namespace (cluster-scoped) matches, a labelled configmap (namespaced) does not
      expect((await failure(core.createNamespace({ body: { metadata: { name: 'blocked', labels: { blocked: 'yes' } } } }))).message).toContain('"cluster-ns.example.io"');
      await core.createNamespacedConfigMap({ namespace: 'sel-on', body: { metadata: { name: 'b', labels: { blocked: 'yes' } } } });
    } finally {
      await remove();
    }
  });

  it('status subresource writes match only rules naming the subresource', async () => {
    hook.received.length = 0;
    hook.setHandler(() => ({ allowed: true }));
    await core.createNamespacedService({ namespace: 'rules', body: { metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } } });
    const remove = await configure(admission, 'validating', 'status', [{ name: 'status.example.io', url: `${hook.url}/status`, caBundle: hook.caBundle,
      rules: [{ operations: ['UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['services/status'] }] }]);
    try {
      await core.patchNamespacedService({ namespace: 'rules', name: 'web', body: [{ op: 'add', path: '/metadata/labels', value: { a: 'b' } }] });
      expect(hook.received).toHaveLength(0);
      await core.patchNamespacedServiceStatus({ namespace: 'rules', name: 'web', body: [{ op: 'add', path: '/status', value: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } } }] });
      expect(hook.received).toHaveLength(1);
      expect(hook.received[0].review.request).toMatchObject({ operation: 'UPDATE', subResource: 'status', requestSubResource: 'status' });
      expect(hook.received[0].review.request.options.kind).toBe('PatchOptions');
    } finally {
      await remove();
    }
  });
});

describe('what mutating webhooks may not do', () => {
  it('moving the object to another namespace or name fails the request', async () => {
    hook.setHandler((req) => ({ allowed: true, patch: [{ op: 'replace', path: req.object.metadata.labels.move === 'ns' ? '/metadata/namespace' : '/metadata/name', value: 'elsewhere' }] }));
    const remove = await configure(admission, 'mutating', 'mover', [{ name: 'mover.example.io', url: hook.url, caBundle: hook.caBundle, objectSelector: { matchExpressions: [{ key: 'move', operator: 'Exists' }] } }]);
    try {
      const ns = await failure(core.createNamespacedConfigMap({ namespace: 'rules', body: { metadata: { name: 'm', labels: { move: 'ns' } } } }));
      expect(ns).toMatchObject({ code: 400, message: 'the namespace of the provided object does not match the namespace sent on the request' });
      const name = await failure(core.createNamespacedConfigMap({ namespace: 'rules', body: { metadata: { name: 'm', labels: { move: 'name' } } } }));
      expect(name).toMatchObject({ code: 400, message: 'the name of the object (elsewhere) does not match the name on the request (m)' });
      expect((await failure(core.readNamespacedConfigMap({ namespace: 'rules', name: 'm' }))).code).toBe(404);
    } finally {
      await remove();
    }
  });
});

describe('DELETE, dry run, warnings, services', () => {
  it('DELETE reaches the webhooks with oldObject and DeleteOptions, and a denial keeps the object', async () => {
    hook.received.length = 0;
    hook.setHandler((req) => (req.oldObject.metadata.labels?.keep === 'yes' ? { allowed: false, status: { code: 403, reason: 'Forbidden', message: 'kept' } } : { allowed: true }));
    await core.createNamespacedConfigMap({ namespace: 'del', body: { metadata: { name: 'keep', labels: { keep: 'yes' } } } });
    await core.createNamespacedConfigMap({ namespace: 'del', body: { metadata: { name: 'drop' } } });
    const remove = await configure(admission, 'validating', 'del', [{ name: 'del.example.io', url: hook.url, caBundle: hook.caBundle, rules: configMapRules(['DELETE']) }]);
    try {
      const status = await failure(core.deleteNamespacedConfigMap({ namespace: 'del', name: 'keep' }));
      expect(status).toMatchObject({ code: 403, message: 'admission webhook "del.example.io" denied the request: kept' });
      await core.readNamespacedConfigMap({ namespace: 'del', name: 'keep' });
      await core.deleteNamespacedConfigMap({ namespace: 'del', name: 'drop', propagationPolicy: 'Background' });
      const review = hook.received.find((r) => r.review.request.name === 'drop')!.review.request;
      expect(review).toMatchObject({ operation: 'DELETE', namespace: 'del', object: null, dryRun: false });
      expect(review.oldObject.metadata.name).toBe('drop');
      expect(review.options).toMatchObject({ kind: 'DeleteOptions', propagationPolicy: 'Background' });
      // deletecollection asks for each object: the protected one stops it
      const collection = await failure(core.deleteCollectionNamespacedConfigMap({ namespace: 'del' }));
      expect(collection).toMatchObject({ code: 403, message: 'admission webhook "del.example.io" denied the request: kept' });
      await core.readNamespacedConfigMap({ namespace: 'del', name: 'keep' });
    } finally {
      await remove();
    }
  });

  it('dry-run requests reach webhooks without side effects, flagged dryRun, and store nothing', async () => {
    hook.received.length = 0;
    hook.setHandler(() => ({ allowed: true, patch: [{ op: 'add', path: '/data', value: { dry: 'run' } }] }));
    const remove = await configure(admission, 'mutating', 'dry', [
      { name: 'pure.example.io', url: hook.url, caBundle: hook.caBundle, sideEffects: 'NoneOnDryRun', namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dry' } } },
    ]);
    try {
      await core.patchNamespace({ name: 'dry', body: [{ op: 'add', path: '/metadata/labels/kubernetes.io~1metadata.name', value: 'dry' }] });
      const answer = await core.createNamespacedConfigMap({ namespace: 'dry', dryRun: 'All', body: { metadata: { name: 'p' } } });
      expect(answer.data).toEqual({ dry: 'run' });
      expect(hook.received.map((r) => [r.review.request.dryRun, r.review.request.options.dryRun])).toEqual([[true, ['All']]]);
      expect((await failure(core.readNamespacedConfigMap({ namespace: 'dry', name: 'p' }))).code).toBe(404);
    } finally {
      await remove();
    }
  });

  it('warnings from webhooks reach the client as Warning headers', async () => {
    hook.setHandler(() => ({ allowed: true, warnings: ['mind the gap'] }));
    const remove = await configure(admission, 'validating', 'warn', [{ name: 'warn.example.io', url: hook.url, caBundle: hook.caBundle, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'warn' } } }]);
    try {
      await core.patchNamespace({ name: 'warn', body: [{ op: 'add', path: '/metadata/labels/kubernetes.io~1metadata.name', value: 'warn' }] });
      const res = await s.raw('POST', '/api/v1/namespaces/warn/configmaps', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name: 'w' } }) });
      expect(res.status).toBe(201);
      expect(String(res.headers.warning)).toBe('299 - "mind the gap"');
    } finally {
      await remove();
    }
  });

  it('a service reference is reached through the Service\'s clusterIP and targetPort, verified as <name>.<namespace>.svc', async () => {
    hook.received.length = 0;
    hook.setHandler(() => ({ allowed: false, status: { message: 'via service' } }));
    await core.createNamespacedService({ namespace: 'webhooks', body: { metadata: { name: 'hooks' }, spec: { clusterIP: '127.0.0.1', ports: [{ port: 443, targetPort: hook.port as never }] } } });
    const remove = await configure(admission, 'validating', 'svc', [{ name: 'svc.example.io', caBundle: hook.caBundle, service: { namespace: 'webhooks', name: 'hooks', path: '/check' }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'svc' } } }]);
    try {
      await core.patchNamespace({ name: 'svc', body: [{ op: 'add', path: '/metadata/labels/kubernetes.io~1metadata.name', value: 'svc' }] });
      const status = await failure(core.createNamespacedConfigMap({ namespace: 'svc', body: { metadata: { name: 'v' } } }));
      expect(status.message).toBe('admission webhook "svc.example.io" denied the request: via service');
      expect(hook.received[0].path).toBe('/check?timeout=10s');
      await core.deleteNamespacedService({ namespace: 'webhooks', name: 'hooks' });
      const gone = await failure(core.createNamespacedConfigMap({ namespace: 'svc', body: { metadata: { name: 'v' } } }));
      expect(gone.message).toBe('Internal error occurred: failed calling webhook "svc.example.io": failed to call webhook: Post "https://hooks.webhooks.svc:443/check?timeout=10s": service "hooks" not found');
    } finally {
      await remove();
    }
  });
});
