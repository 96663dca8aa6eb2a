// Real kubectl against webhooks: a denial's message is what the user reads; a mutating patch shows in the result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdmissionregistrationV1Api } from '@kubernetes/client-node';
import { startE2eServer } from '../../e2e/support.ts';
import type { E2eServer } from '../../e2e/support.ts';
import { configure } from './support.ts';
import { startWebhookServer } from './webhook-server.ts';
import type { WebhookServer } from './webhook-server.ts';

let s: E2eServer;
let hook: WebhookServer;
let admission: AdmissionregistrationV1Api;

beforeAll(async () => {
  s = await startE2eServer();
  hook = await startWebhookServer();
  admission = s.kubeConfig('hub').makeApiClient(AdmissionregistrationV1Api);
}, 60_000);

afterAll(async () => {
  await hook?.close();
  await s?.stop();
});

describe('webhooks seen through kubectl', () => {
  it('kubectl shows the denial of a validating webhook and a mutating webhook\'s label', async () => {
    hook.setHandler((req, path) => {
      if (path.startsWith('/mutate')) return { allowed: true, patch: [{ op: 'add', path: '/metadata/labels', value: { 'added-by': 'webhook' } }] };
      if (req.object.data?.forbidden) return { allowed: false, status: { code: 403, reason: 'Forbidden', message: 'key "forbidden" is not allowed' } };
      return { allowed: true };
    });
    const removeV = await configure(admission, 'validating', 'policy', [{ name: 'policy.cm.example.io', url: `${hook.url}/validate`, caBundle: hook.caBundle }]);
    const removeM = await configure(admission, 'mutating', 'labeller', [{ name: 'labeller.cm.example.io', url: `${hook.url}/mutate`, caBundle: hook.caBundle }]);
    try {
      const denied = await s.kubectl(['create', 'configmap', 'bad', '--from-literal=forbidden=1']);
      expect(denied.code).toBe(1);
      expect(denied.stderr.trim()).toBe('error: failed to create configmap: admission webhook "policy.cm.example.io" denied the request: key "forbidden" is not allowed');
      const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  forbidden: "1"\n';
      const applied = await s.kubectl(['apply', '-f', '-'], { stdin: manifest });
      expect(applied.code).toBe(1);
      expect(applied.stderr).toContain('Error from server (Forbidden): error when creating "STDIN": admission webhook "policy.cm.example.io" denied the request: key "forbidden" is not allowed');
      const ok = await s.kubectl(['create', 'configmap', 'good', '--from-literal=a=1', '-o', 'jsonpath={.metadata.labels.added-by}']);
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toBe('webhook');
      const got = await s.kubectl(['get', 'configmap', 'good', '-L', 'added-by', '--no-headers']);
      expect(got.stdout).toMatch(/^good\s+1\s+\S+\s+webhook\n$/);
      // server-side apply goes through the same chain (CREATE with PatchOptions)
      hook.received.length = 0;
      const ssa = await s.kubectl(['apply', '--server-side', '-f', '-', '-o', 'jsonpath={.metadata.labels.added-by}'], { stdin: manifest.replace('bad', 'ssa').replace('forbidden', 'fine') });
      expect(ssa.stdout).toBe('webhook');
      const seen = hook.received.map((r) => [r.path.split('?')[0], r.review.request.operation, r.review.request.options.kind, r.review.request.options.fieldManager]);
      expect(seen).toEqual([['/mutate', 'CREATE', 'PatchOptions', 'kubectl'], ['/validate', 'CREATE', 'PatchOptions', 'kubectl']]);
    } finally {
      await removeV();
      await removeM();
    }
  });

  it('kubectl is blocked by an unreachable webhook with failurePolicy Fail and passes with Ignore', async () => {
    const down = await startWebhookServer();
    await down.close();
    let remove = await configure(admission, 'validating', 'down', [{ name: 'down.cm.example.io', url: `${down.url}/x`, caBundle: down.caBundle, failurePolicy: 'Fail' }]);
    try {
      const blocked = await s.kubectl(['create', 'configmap', 'blocked']);
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain(`failed calling webhook "down.cm.example.io": failed to call webhook: Post "${down.url}/x?timeout=10s": dial tcp 127.0.0.1:${down.port}: connect: connection refused`);
    } finally {
      await remove();
    }
    remove = await configure(admission, 'validating', 'down', [{ name: 'down.cm.example.io', url: `${down.url}/x`, caBundle: down.caBundle, failurePolicy: 'Ignore' }]);
    try {
      const passed = await s.kubectl(['create', 'configmap', 'blocked']);
      expect(passed.stdout.trim()).toBe('configmap/blocked created');
    } finally {
      await remove();
    }
  });
});
