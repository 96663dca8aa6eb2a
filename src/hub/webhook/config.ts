// Registers the hub's webhooks with the API server through Validating/MutatingWebhookConfigurations carrying a URL
// and caBundle, so the same code works on the embedded hub and on a real cluster.
import type { KubeClient, KubeObject } from '../../kube/index.ts';
import { ensureObject } from '../registration/ensure.ts';
import { mutatingWebhookConfigurationResource, validatingWebhookConfigurationResource } from '../registration/resources.ts';
import {
  CLUSTER_SET_BINDING_VALIDATE_PATH, CLUSTER_SET_BINDING_VALIDATOR, MANAGED_CLUSTER_MUTATE_PATH, MANAGED_CLUSTER_MUTATOR, MANAGED_CLUSTER_VALIDATE_PATH,
  MANAGED_CLUSTER_VALIDATOR, MANIFEST_WORK_VALIDATE_PATH, MANIFEST_WORK_VALIDATOR,
} from './paths.ts';

const MANAGED_BY = 'app.kubernetes.io/managed-by';
const MANAGED_BY_HUB = 'ocm-hub';

interface WebhookConfiguration extends KubeObject {
  webhooks: Record<string, unknown>[];
}

function webhook(name: string, url: string, caBundle: string, versions: string[], resource: string, group = 'cluster.open-cluster-management.io'): Record<string, unknown> {
  return {
    name,
    clientConfig: { url, caBundle },
    rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [group], apiVersions: versions, resources: [resource], scope: '*' }],
    failurePolicy: 'Fail',
    matchPolicy: 'Equivalent',
    sideEffects: 'None',
    timeoutSeconds: 10,
    admissionReviewVersions: ['v1beta1', 'v1'],
  };
}

export function webhookConfigurations(baseUrl: string, caPem: string): { validating: WebhookConfiguration[]; mutating: WebhookConfiguration[] } {
  const ca = Buffer.from(caPem).toString('base64');
  const config = (kind: string, name: string, hook: Record<string, unknown>): WebhookConfiguration => ({
    apiVersion: 'admissionregistration.k8s.io/v1', kind, metadata: { name, labels: { [MANAGED_BY]: MANAGED_BY_HUB } }, webhooks: [hook],
  });
  return {
    validating: [
      config('ValidatingWebhookConfiguration', MANAGED_CLUSTER_VALIDATOR, webhook(MANAGED_CLUSTER_VALIDATOR, `${baseUrl}${MANAGED_CLUSTER_VALIDATE_PATH}`, ca, ['*'], 'managedclusters')),
      config('ValidatingWebhookConfiguration', CLUSTER_SET_BINDING_VALIDATOR,
        webhook(CLUSTER_SET_BINDING_VALIDATOR, `${baseUrl}${CLUSTER_SET_BINDING_VALIDATE_PATH}`, ca, ['v1beta2'], 'managedclustersetbindings')),
      config('ValidatingWebhookConfiguration', MANIFEST_WORK_VALIDATOR,
        webhook(MANIFEST_WORK_VALIDATOR, `${baseUrl}${MANIFEST_WORK_VALIDATE_PATH}`, ca, ['*'], 'manifestworks', 'work.open-cluster-management.io')),
    ],
    mutating: [config('MutatingWebhookConfiguration', MANAGED_CLUSTER_MUTATOR, webhook(MANAGED_CLUSTER_MUTATOR, `${baseUrl}${MANAGED_CLUSTER_MUTATE_PATH}`, ca, ['*'], 'managedclusters'))],
  };
}

export async function registerWebhooks(client: KubeClient, baseUrl: string, caPem: string): Promise<void> {
  const { validating, mutating } = webhookConfigurations(baseUrl, caPem);
  for (const c of validating) await ensureObject(client.resource<WebhookConfiguration>(validatingWebhookConfigurationResource), c, ['webhooks']);
  for (const c of mutating) await ensureObject(client.resource<WebhookConfiguration>(mutatingWebhookConfigurationResource), c, ['webhooks']);
}

/** Removes the configurations this hub registered (by their managed-by label), for a hub that runs without webhooks. */
export async function unregisterWebhooks(client: KubeClient): Promise<void> {
  const { validating, mutating } = webhookConfigurations('https://unused', '');
  const pairs = [
    ...validating.map((c) => ({ ref: validatingWebhookConfigurationResource, name: c.metadata!.name! })),
    ...mutating.map((c) => ({ ref: mutatingWebhookConfigurationResource, name: c.metadata!.name! })),
  ];
  for (const { ref, name } of pairs) {
    const resource = client.resource<WebhookConfiguration>(ref);
    const live = await resource.getOrUndefined(name);
    if (live?.metadata?.labels?.[MANAGED_BY] === MANAGED_BY_HUB) await resource.delete(name);
  }
}
