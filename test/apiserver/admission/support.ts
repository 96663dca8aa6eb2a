// Shared pieces of the admission tests: webhook configuration bodies and error unpacking for client-node.
import type { AdmissionregistrationV1Api } from '@kubernetes/client-node';

type Obj = Record<string, any>;

export interface HookSpec {
  name: string;
  url?: string;
  service?: Obj;
  caBundle?: string;
  rules?: Obj[];
  failurePolicy?: 'Fail' | 'Ignore';
  timeoutSeconds?: number;
  namespaceSelector?: Obj;
  objectSelector?: Obj;
  sideEffects?: string;
  reinvocationPolicy?: string;
  matchPolicy?: string;
  admissionReviewVersions?: string[];
}

export const configMapRules = (operations: string[] = ['CREATE', 'UPDATE']): Obj[] =>
  [{ operations, apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }];

export function webhookBody(spec: HookSpec): Obj {
  const clientConfig: Obj = {};
  if (spec.url) clientConfig.url = spec.url;
  if (spec.service) clientConfig.service = spec.service;
  if (spec.caBundle) clientConfig.caBundle = spec.caBundle;
  const hook: Obj = {
    name: spec.name,
    clientConfig,
    rules: spec.rules ?? configMapRules(),
    sideEffects: spec.sideEffects ?? 'None',
    admissionReviewVersions: spec.admissionReviewVersions ?? ['v1'],
  };
  for (const k of ['failurePolicy', 'timeoutSeconds', 'namespaceSelector', 'objectSelector', 'reinvocationPolicy', 'matchPolicy'] as const) {
    if (spec[k] !== undefined) hook[k] = spec[k];
  }
  return hook;
}

/** Creates a configuration; returns its deleter. */
export async function configure(api: AdmissionregistrationV1Api, type: 'validating' | 'mutating', name: string, hooks: HookSpec[]): Promise<() => Promise<void>> {
  const body = { metadata: { name }, webhooks: hooks.map(webhookBody) };
  if (type === 'validating') {
    await api.createValidatingWebhookConfiguration({ body: body as never });
    return async () => { await api.deleteValidatingWebhookConfiguration({ name }); };
  }
  await api.createMutatingWebhookConfiguration({ body: body as never });
  return async () => { await api.deleteMutatingWebhookConfiguration({ name }); };
}

export interface StatusBody { code: number; reason?: string; message: string }

/** The Status a client-node call failed with. */
export async function failure(p: Promise<unknown>): Promise<StatusBody> {
  try {
    await p;
  } catch (err) {
    const body = (err as { body?: unknown }).body;
    return (typeof body === 'string' ? JSON.parse(body) : body) as StatusBody;
  }
  throw new Error('expected the call to fail');
}
