// Webhook configurations as API objects (defaults, validation) and matchPolicy across served versions of a CRD.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdmissionregistrationV1Api, CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { eventually, startE2eServer } from '../../e2e/support.ts';
import type { E2eServer } from '../../e2e/support.ts';
import { configure, failure, webhookBody } from './support.ts';
import { startWebhookServer } from './webhook-server.ts';
import type { WebhookServer } from './webhook-server.ts';

let s: E2eServer;
let hook: WebhookServer;
let admission: AdmissionregistrationV1Api;

beforeAll(async () => {
  s = await startE2eServer(['spoke1']);
  hook = await startWebhookServer();
  admission = s.kubeConfig('hub').makeApiClient(AdmissionregistrationV1Api);
}, 60_000);

afterAll(async () => {
  await hook?.close();
  await s?.stop();
});

describe('webhook configuration objects', () => {
  it('are stored with the v1 defaults', async () => {
    const remove = await configure(admission, 'mutating', 'defaults', [{ name: 'defaults.example.io', url: hook.url, caBundle: hook.caBundle }]);
    try {
      const got = await s.kubectl(['get', 'mutatingwebhookconfiguration', 'defaults', '-o', 'json']);
      const w = JSON.parse(got.stdout).webhooks[0];
      expect(w).toMatchObject({
        failurePolicy: 'Fail', matchPolicy: 'Equivalent', namespaceSelector: {}, objectSelector: {}, timeoutSeconds: 10, reinvocationPolicy: 'Never',
      });
      expect(w.rules[0].scope).toBe('*');
    } finally {
      await remove();
    }
  });

  it('are refused with field errors when broken', async () => {
    const bad = { ...webhookBody({ name: 'short.name', url: 'http://127.0.0.1/x', sideEffects: 'Some', timeoutSeconds: 31 }) };
    const status = await failure(admission.createValidatingWebhookConfiguration({ body: { metadata: { name: 'broken' }, webhooks: [bad] } as never }));
    expect(status.code).toBe(422);
    expect(status.message).toBe('ValidatingWebhookConfiguration.admissionregistration.k8s.io "broken" is invalid: ['
      + 'webhooks[0].name: Invalid value: "short.name": should be a domain with at least three segments separated by dots, '
      + 'webhooks[0].clientConfig.url: Invalid value: "http://127.0.0.1/x": \'https\' is the only allowed URL scheme, '
      + 'webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun", '
      + 'webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds]');
    const dup = webhookBody({ name: 'same.example.io', url: hook.url });
    const dupStatus = await failure(admission.createValidatingWebhookConfiguration({ body: { metadata: { name: 'dup' }, webhooks: [dup, dup] } as never }));
    expect(dupStatus.message).toContain('webhooks[1].name: Duplicate value: "same.example.io"');
  });

  it('pick the first AdmissionReview version the webhook lists that the server speaks (OCM lists v1beta1 first)', async () => {
    hook.received.length = 0;
    hook.setHandler(() => ({ allowed: false, status: { message: 'old review' } }));
    const remove = await configure(admission, 'validating', 'beta', [{ name: 'beta.example.io', url: hook.url, caBundle: hook.caBundle,
      admissionReviewVersions: ['v2', 'v1beta1', 'v1'], objectSelector: { matchLabels: { review: 'beta' } } }]);
    try {
      const denied = await failure(s.kubeConfig('hub').makeApiClient(CoreV1Api).createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'b', labels: { review: 'beta' } } } }));
      expect(denied.message).toBe('admission webhook "beta.example.io" denied the request: old review');
      expect(hook.received.map((r) => r.review.apiVersion)).toEqual(['admission.k8s.io/v1beta1']);
    } finally {
      await remove();
    }
  });

  it('apply only to the virtual cluster that holds them', async () => {
    hook.setHandler(() => ({ allowed: false, status: { message: 'spoke only' } }));
    const spoke = s.kubeConfig('spoke1');
    const remove = await configure(spoke.makeApiClient(AdmissionregistrationV1Api), 'validating', 'spoke', [{ name: 'spoke.example.io', url: hook.url, caBundle: hook.caBundle }]);
    try {
      const denied = await failure(spoke.makeApiClient(CoreV1Api).createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'c' } } }));
      expect(denied.message).toBe('admission webhook "spoke.example.io" denied the request: spoke only');
      await s.kubeConfig('hub').makeApiClient(CoreV1Api).createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'c' } } });
    } finally {
      await remove();
    }
  });

  it('are never sent to webhooks themselves (no lock-out)', async () => {
    hook.setHandler(() => ({ allowed: false, status: { message: 'no' } }));
    const everything = [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] }];
    const remove = await configure(admission, 'validating', 'deny-all', [{ name: 'all.example.io', url: hook.url, caBundle: hook.caBundle, rules: everything }]);
    try {
      // the configuration itself can still be changed and deleted, while other writes are denied
      expect((await s.kubectl(['create', 'namespace', 'nope'])).stderr).toContain('"all.example.io" denied the request: no');
      const patched = await s.kubectl(['label', 'validatingwebhookconfiguration', 'deny-all', 'x=y']);
      expect(patched.stdout.trim()).toBe('validatingwebhookconfiguration.admissionregistration.k8s.io/deny-all labeled');
    } finally {
      await remove();
    }
  });
});

describe('matchPolicy across the served versions of a CRD', () => {
  beforeAll(async () => {
    const schema = { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.io' },
      spec: { group: 'example.io', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema }, { name: 'v2', served: true, storage: false, schema }] },
    };
    const res = await s.raw('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(crd) });
    expect(res.status).toBe(201);
    await eventually(async () => (await s.raw('GET', '/apis/example.io/v2')).status === 200);
  });

  it('Equivalent sends a request for v2 to a webhook registered for v1, as v1; Exact does not', async () => {
    hook.received.length = 0;
    hook.setHandler(() => ({ allowed: true, patch: [{ op: 'add', path: '/spec', value: { size: 'large' } }] }));
    const rules = [{ operations: ['CREATE'], apiGroups: ['example.io'], apiVersions: ['v1'], resources: ['widgets'] }];
    let remove = await configure(admission, 'mutating', 'widgets', [{ name: 'widgets.example.io', url: hook.url, caBundle: hook.caBundle, rules }]);
    const objects = s.kubeConfig('hub').makeApiClient(CustomObjectsApi);
    const create = (name: string): Promise<Record<string, any>> => objects.createNamespacedCustomObject({
      group: 'example.io', version: 'v2', namespace: 'default', plural: 'widgets', body: { apiVersion: 'example.io/v2', kind: 'Widget', metadata: { name } },
    });
    try {
      const created = await create('w1');
      expect(created.apiVersion).toBe('example.io/v2');
      expect(created.spec).toEqual({ size: 'large' });
      const r = hook.received[0].review.request;
      expect(r.kind).toEqual({ group: 'example.io', version: 'v1', kind: 'Widget' });
      expect(r.requestKind).toEqual({ group: 'example.io', version: 'v2', kind: 'Widget' });
      expect(r.requestResource).toEqual({ group: 'example.io', version: 'v2', resource: 'widgets' });
      expect(r.object.apiVersion).toBe('example.io/v1');
    } finally {
      await remove();
    }
    remove = await configure(admission, 'mutating', 'widgets', [{ name: 'widgets.example.io', url: hook.url, caBundle: hook.caBundle, rules, matchPolicy: 'Exact' }]);
    try {
      hook.received.length = 0;
      expect((await create('w2')).spec).toBeUndefined();
      expect(hook.received).toHaveLength(0);
    } finally {
      await remove();
    }
  });
});
