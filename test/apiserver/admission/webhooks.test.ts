// Admission webhooks through client-node: denials, patches, failure policies, timeouts, selectors, rules, DELETE.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdmissionregistrationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { startE2eServer } from '../../e2e/support.ts';
import type { E2eServer } from '../../e2e/support.ts';
import { configMapRules, configure, failure } from './support.ts';
import { startWebhookServer } from './webhook-server.ts';
import type { WebhookServer } from './webhook-server.ts';

type Obj = Record<string, any>;

let s: E2eServer;
let hook: WebhookServer;
let core: CoreV1Api;
let admission: AdmissionregistrationV1Api;

beforeAll(async () => {
  s = await startE2eServer();
  hook = await startWebhookServer();
  core = s.kubeConfig('hub').makeApiClient(CoreV1Api);
  admission = s.kubeConfig('hub').makeApiClient(AdmissionregistrationV1Api);
  for (const ns of ['deny', 'mutate', 'fail', 'sel-on', 'sel-off', 'del', 'warn', 'dry', 'again']) {
    await core.createNamespace({ body: { metadata: { name: ns, labels: ns === 'sel-on' ? { admission: 'on' } : {} } } });
  }
}, 60_000);

afterAll(async () => {
  await hook?.close();
  await s?.stop();
});

/** Only requests in namespace `ns` (by its kubernetes.io/metadata.name-like label we set ourselves: the name). */
const inNamespace = (ns: string): Obj => ({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [ns] }] });

describe('validating webhooks', () => {
  it('a denial fails the write with the webhook message, code and reason, worded as kube', async () => {
    hook.setHandler(() => ({ allowed: false, status: { code: 403, reason: 'Forbidden', message: 'configmaps need an owner' } }));
    const remove = await configure(admission, 'validating', 'deny-cm', [{
      name: 'deny.cm.example.io', url: `${hook.url}/validate`, caBundle: hook.caBundle, objectSelector: { matchLabels: { team: 'none' } },
    }]);
    try {
      const status = await failure(core.createNamespacedConfigMap({ namespace: 'deny', body: { metadata: { name: 'c1', labels: { team: 'none' } } } }));
      expect(status).toMatchObject({
        code: 403, reason: 'Forbidden', message: 'admission webhook "deny.cm.example.io" denied the request: configmaps need an owner',
      });
      expect(await failure(core.readNamespacedConfigMap({ namespace: 'deny', name: 'c1' }))).toMatchObject({ code: 404 });
      // objectSelector: other labels are not sent to the webhook
      await core.createNamespacedConfigMap({ namespace: 'deny', body: { metadata: { name: 'c2', labels: { team: 'a' } } } });
    } finally {
      await remove();
    }
    // the configuration is gone: the same write goes through at once
    await core.createNamespacedConfigMap({ namespace: 'deny', body: { metadata: { name: 'c1', labels: { team: 'none' } } } });
  });

  it('a denial without code or message defaults to 400 "without explanation"', async () => {
    hook.setHandler(() => ({ allowed: false }));
    const remove = await configure(admission, 'validating', 'deny-quiet', [{
      name: 'quiet.cm.example.io', url: hook.url, caBundle: hook.caBundle, objectSelector: { matchLabels: { quiet: 'yes' } },
    }]);
    try {
      const status = await failure(core.createNamespacedConfigMap({ namespace: 'deny', body: { metadata: { name: 'q', labels: { quiet: 'yes' } } } }));
      expect(status.code).toBe(400);
      expect(status.message).toBe('admission webhook "quiet.cm.example.io" denied the request without explanation');
    } finally {
      await remove();
    }
  });

  it('sends a v1 AdmissionReview with kind, resource, user, object and options', async () => {
    hook.received.length = 0;
    hook.setHandler(() => ({ allowed: true }));
    const remove = await configure(admission, 'validating', 'observe', [{
      name: 'observe.cm.example.io', url: `${hook.url}/observe`, caBundle: hook.caBundle, timeoutSeconds: 7,
      objectSelector: { matchLabels: { observed: 'yes' } },
    }]);
    try {
      await core.createNamespacedConfigMap({ namespace: 'deny', body: { metadata: { name: 'seen', labels: { observed: 'yes' } }, data: { a: '1' } } });
      expect(hook.received).toHaveLength(1);
      const { path, review } = hook.received[0];
      expect(path).toBe('/observe?timeout=7s');
      expect(review.apiVersion).toBe('admission.k8s.io/v1');
      expect(review.kind).toBe('AdmissionReview');
      const r = review.request;
      expect(r.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.kind).toEqual({ group: '', version: 'v1', kind: 'ConfigMap' });
      expect(r.resource).toEqual({ group: '', version: 'v1', resource: 'configmaps' });
      expect(r.requestKind).toEqual(r.kind);
      expect(r.requestResource).toEqual(r.resource);
      expect(r).toMatchObject({ name: 'seen', namespace: 'deny', operation: 'CREATE', dryRun: false, oldObject: null });
      expect(r.subResource).toBeUndefined();
      expect(r.userInfo.username).toBe('admin');
      expect(r.userInfo.groups).toContain('system:masters');
      expect(typeof r.userInfo.extra).toBe('object');
      expect(r.object.data).toEqual({ a: '1' });
      expect(r.options).toMatchObject({ kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1' });
    } finally {
      await remove();
    }
  });
});

describe('mutating webhooks', () => {
  it('applies the JSONPatch of each webhook in order, each seeing the previous one\'s output', async () => {
    hook.setHandler((req, path) => {
      if (path.startsWith('/first')) return { allowed: true, patch: [{ op: 'add', path: '/metadata/labels/stamped', value: 'first' }] };
      // the second webhook sees the first one's label and builds on it
      const seen = req.object.metadata.labels.stamped;
      return { allowed: true, patch: [{ op: 'add', path: '/data', value: { seen } }] };
    });
    const selector = inNamespace('mutate');
    // configurations run in name order: "a-..." before "b-..."
    const removeB = await configure(admission, 'mutating', 'b-second', [{ name: 'second.example.io', url: `${hook.url}/second`, caBundle: hook.caBundle, namespaceSelector: selector }]);
    const removeA = await configure(admission, 'mutating', 'a-first', [{ name: 'first.example.io', url: `${hook.url}/first`, caBundle: hook.caBundle, namespaceSelector: selector }]);
    try {
      await core.patchNamespace({ name: 'mutate', body: [{ op: 'add', path: '/metadata/labels', value: { 'kubernetes.io/metadata.name': 'mutate' } }] });
      const created = await core.createNamespacedConfigMap({ namespace: 'mutate', body: { metadata: { name: 'm1', labels: { own: 'x' } } } });
      expect(created.metadata?.labels).toEqual({ own: 'x', stamped: 'first' });
      expect(created.data).toEqual({ seen: 'first' });
      const stored = await core.readNamespacedConfigMap({ namespace: 'mutate', name: 'm1' });
      expect(stored.metadata?.labels?.stamped).toBe('first');
      // updates are mutated too, with the stored object as oldObject
      hook.received.length = 0;
      const updated = await core.replaceNamespacedConfigMap({ namespace: 'mutate', name: 'm1', body: { metadata: { name: 'm1', labels: { own: 'y' } } } });
      expect(updated.metadata?.labels).toEqual({ own: 'y', stamped: 'first' });
      const update = hook.received.find((x) => x.path.startsWith('/first'))!.review.request;
      expect(update.operation).toBe('UPDATE');
      expect(update.oldObject.metadata.labels).toEqual({ own: 'x', stamped: 'first' });
      expect(update.options.kind).toBe('UpdateOptions');
    } finally {
      await removeA();
      await removeB();
    }
  });

  it('calls an IfNeeded webhook again when a later webhook changed the object', async () => {
    const calls: string[] = [];
    hook.setHandler((req, path) => {
      calls.push(path.split('?')[0]);
      if (path.startsWith('/early')) return { allowed: true };
      if (req.object.metadata.labels?.late) return { allowed: true };
      return { allowed: true, patch: [{ op: 'add', path: '/metadata/labels', value: { late: 'yes' } }] };
    });
    const selector = inNamespace('again');
    await core.patchNamespace({ name: 'again', body: [{ op: 'add', path: '/metadata/labels', value: { 'kubernetes.io/metadata.name': 'again' } }] });
    const remove = await configure(admission, 'mutating', 'reinvoke', [
      { name: 'early.example.io', url: `${hook.url}/early`, caBundle: hook.caBundle, namespaceSelector: selector, reinvocationPolicy: 'IfNeeded' },
      { name: 'late.example.io', url: `${hook.url}/late`, caBundle: hook.caBundle, namespaceSelector: selector },
    ]);
    try {
      await core.createNamespacedConfigMap({ namespace: 'again', body: { metadata: { name: 'r1' } } });
      expect(calls).toEqual(['/early', '/late', '/early']);
    } finally {
      await remove();
    }
  });
});

describe('concurrent writes while webhooks are awaited', () => {
  it('writes without resourceVersion are re-applied to the newer object instead of failing with a conflict', async () => {
    hook.setHandler(() => ({ allowed: true, delayMs: 200 }));
    await core.createNamespacedConfigMap({ namespace: 'again', body: { metadata: { name: 'busy', labels: { busy: 'yes' } } } });
    const remove = await configure(admission, 'validating', 'slow-update', [{ name: 'slow-update.example.io', url: hook.url, caBundle: hook.caBundle,
      rules: configMapRules(['UPDATE']), objectSelector: { matchLabels: { busy: 'yes' } } }]);
    try {
      const patch = (key: string): Promise<unknown> => core.patchNamespacedConfigMap({ namespace: 'again', name: 'busy', body: [{ op: 'add', path: `/metadata/labels/${key}`, value: 'set' }] });
      await Promise.all([patch('one'), patch('two'), patch('three')]);
      const stored = await core.readNamespacedConfigMap({ namespace: 'again', name: 'busy' });
      expect(stored.metadata?.labels).toEqual({ busy: 'yes', one: 'set', two: 'set', three: 'set' });
      // unconditional PUTs (no resourceVersion) all land too, one after the other
      const put = (v: string): Promise<unknown> => core.replaceNamespacedConfigMap({ namespace: 'again', name: 'busy', body: { metadata: { name: 'busy', labels: { busy: 'yes' } }, data: { v } } });
      await Promise.all([put('1'), put('2'), put('3')]);
      expect(['1', '2', '3']).toContain((await core.readNamespacedConfigMap({ namespace: 'again', name: 'busy' })).data?.v);
    } finally {
      await remove();
    }
  });
});

describe('failures and timeouts', () => {
  it('failurePolicy Fail blocks the write when the webhook is down; Ignore lets it through', async () => {
    const down = await startWebhookServer();
    const deadUrl = `${down.url}/gone`;
    await down.close();
    const selector = inNamespace('fail');
    await core.patchNamespace({ name: 'fail', body: [{ op: 'add', path: '/metadata/labels', value: { 'kubernetes.io/metadata.name': 'fail' } }] });
    let remove = await configure(admission, 'validating', 'down-fail', [{ name: 'down.example.io', url: deadUrl, caBundle: down.caBundle, namespaceSelector: selector, failurePolicy: 'Fail' }]);
    try {
      const status = await failure(core.createNamespacedConfigMap({ namespace: 'fail', body: { metadata: { name: 'f1' } } }));
      expect(status.code).toBe(500);
      expect(status.reason).toBe('InternalError');
      expect(status.message).toBe(`Internal error occurred: failed calling webhook "down.example.io": failed to call webhook: Post "${deadUrl}?timeout=10s": dial tcp 127.0.0.1:${down.port}: connect: connection refused`);
    } finally {
      await remove();
    }
    remove = await configure(admission, 'mutating', 'down-ignore', [{ name: 'down.example.io', url: deadUrl, caBundle: down.caBundle, namespaceSelector: selector, failurePolicy: 'Ignore' }]);
    try {
      const created = await core.createNamespacedConfigMap({ namespace: 'fail', body: { metadata: { name: 'f1' } } });
      expect(created.metadata?.name).toBe('f1');
    } finally {
      await remove();
    }
  });

  it('honours timeoutSeconds: a webhook slower than its timeout is a call failure', async () => {
    hook.setHandler(() => ({ allowed: true, delayMs: 2500 }));
    const selector = inNamespace('fail');
    let remove = await configure(admission, 'validating', 'slow-fail', [{ name: 'slow.example.io', url: `${hook.url}/slow`, caBundle: hook.caBundle, namespaceSelector: selector, timeoutSeconds: 1 }]);
    try {
      const status = await failure(core.createNamespacedConfigMap({ namespace: 'fail', body: { metadata: { name: 'slow1' } } }));
      expect(status.code).toBe(500);
      expect(status.message).toBe(`Internal error occurred: failed calling webhook "slow.example.io": failed to call webhook: Post "${hook.url}/slow?timeout=1s": context deadline exceeded`);
    } finally {
      await remove();
    }
    remove = await configure(admission, 'validating', 'slow-ignore', [{ name: 'slow.example.io', url: `${hook.url}/slow`, caBundle: hook.caBundle, namespaceSelector: selector, timeoutSeconds: 1, failurePolicy: 'Ignore' }]);
    try {
      await core.createNamespacedConfigMap({ namespace: 'fail', body: { metadata: { name: 'slow1' } } });
    } finally {
      await remove();
    }
  });

  it('a certificate the caBundle does not vouch for and an invalid response are call failures', async () => {
    const other = await startWebhookServer();
    hook.setHandler(() => ({ allowed: true, rawBody: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'wrong', allowed: true } } }));
    const selector = inNamespace('fail');
    const remove = await configure(admission, 'validating', 'bad-tls', [
      { name: 'tls.example.io', url: `${hook.url}/tls`, caBundle: other.caBundle, namespaceSelector: selector, objectSelector: { matchLabels: { probe: 'tls' } } },
      { name: 'uid.example.io', url: `${hook.url}/uid`, caBundle: hook.caBundle, namespaceSelector: selector, objectSelector: { matchLabels: { probe: 'uid' } } },
    ]);
    try {
      const tls = await failure(core.createNamespacedConfigMap({ namespace: 'fail', body: { metadata: { name: 't', labels: { probe: 'tls' } } } }));
      expect(tls.message).toContain('failed calling webhook "tls.example.io": failed to call webhook: Post');
      expect(tls.message).toContain('x509: certificate signed by unknown authority');
      const uid = await failure(core.createNamespacedConfigMap({ namespace: 'fail', body: { metadata: { name: 'u', labels: { probe: 'uid' } } } }));
      expect(uid.message).toMatch(/^Internal error occurred: failed calling webhook "uid\.example\.io": received invalid webhook response: expected response\.uid="[0-9a-f-]{36}", got "wrong"$/);
    } finally {
      await remove();
      await other.close();
    }
  });
});
