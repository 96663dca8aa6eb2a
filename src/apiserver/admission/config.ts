// MutatingWebhookConfiguration / ValidatingWebhookConfiguration objects turned into ready-to-match webhooks, with
// admissionregistration.k8s.io/v1 defaults applied when the stored object leaves a field out.
import { labelSelectorFromObject } from '../selectors.ts';
import type { LabelSelector } from '../selectors.ts';

type Obj = Record<string, unknown>;

export type WebhookType = 'mutating' | 'validating';

export interface RuleResource {
  res: string;
  /** '' when the entry names no subresource. */
  sub: string;
}

export interface WebhookRule {
  operations: string[];
  apiGroups: string[];
  apiVersions: string[];
  resources: RuleResource[];
  scope: string;
}

export interface ServiceRef {
  namespace: string;
  name: string;
  path: string;
  port: number;
}

export interface Webhook {
  type: WebhookType;
  configName: string;
  name: string;
  rules: WebhookRule[];
  failurePolicy: 'Fail' | 'Ignore';
  matchPolicy: 'Exact' | 'Equivalent';
  namespaceSelector: LabelSelector;
  objectSelector: LabelSelector;
  sideEffects: string;
  timeoutSeconds: number;
  /** The AdmissionReview version sent: the first of admissionReviewVersions the server knows. */
  reviewVersion: 'v1' | 'v1beta1' | undefined;
  reinvocationPolicy: 'Never' | 'IfNeeded';
  url?: string;
  service?: ServiceRef;
  /** PEM text; undefined = system roots. */
  caBundle?: string;
  /** Set when the configuration cannot be used (bad selector, ...): every call fails with this reason. */
  broken?: string;
}

const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function parseRule(raw: unknown): WebhookRule {
  const r = asObj(raw);
  return {
    operations: strings(r.operations),
    apiGroups: strings(r.apiGroups),
    apiVersions: strings(r.apiVersions),
    resources: strings(r.resources).map((entry) => {
      const slash = entry.indexOf('/');
      return slash < 0 ? { res: entry, sub: '' } : { res: entry.slice(0, slash), sub: entry.slice(slash + 1) };
    }),
    scope: typeof r.scope === 'string' && r.scope ? r.scope : '*',
  };
}

/** caBundle is a []byte field: base64 in JSON, holding PEM. */
function decodeCaBundle(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return Buffer.from(value, 'base64').toString('utf8');
}

function selector(raw: unknown, field: string, problems: string[]): LabelSelector {
  try {
    return labelSelectorFromObject(raw as Parameters<typeof labelSelectorFromObject>[0]);
  } catch (err) {
    problems.push(`${field}: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}

function parseWebhook(type: WebhookType, configName: string, raw: unknown): Webhook {
  const w = asObj(raw);
  const problems: string[] = [];
  const client = asObj(w.clientConfig);
  const svc = client.service === undefined ? undefined : asObj(client.service);
  const versions = strings(w.admissionReviewVersions);
  const timeout = typeof w.timeoutSeconds === 'number' ? w.timeoutSeconds : 10;
  const hook: Webhook = {
    type,
    configName,
    name: typeof w.name === 'string' ? w.name : '',
    rules: Array.isArray(w.rules) ? w.rules.map(parseRule) : [],
    failurePolicy: w.failurePolicy === 'Ignore' ? 'Ignore' : 'Fail',
    matchPolicy: w.matchPolicy === 'Exact' ? 'Exact' : 'Equivalent',
    namespaceSelector: selector(w.namespaceSelector, 'namespaceSelector', problems),
    objectSelector: selector(w.objectSelector, 'objectSelector', problems),
    sideEffects: typeof w.sideEffects === 'string' ? w.sideEffects : 'Unknown',
    timeoutSeconds: Math.min(30, Math.max(1, Math.ceil(timeout))),
    reviewVersion: versions.find((v): v is 'v1' | 'v1beta1' => v === 'v1' || v === 'v1beta1'),
    reinvocationPolicy: w.reinvocationPolicy === 'IfNeeded' ? 'IfNeeded' : 'Never',
    caBundle: decodeCaBundle(client.caBundle),
  };
  if (typeof client.url === 'string' && client.url) hook.url = client.url;
  if (svc) {
    hook.service = {
      namespace: String(svc.namespace ?? ''),
      name: String(svc.name ?? ''),
      path: typeof svc.path === 'string' ? svc.path : '',
      port: typeof svc.port === 'number' ? svc.port : 443,
    };
  }
  if (!hook.url && !hook.service) problems.push('clientConfig: must specify one of url or service');
  if (problems.length > 0) hook.broken = `invalid webhook configuration: ${problems.join('; ')}`;
  return hook;
}

/** The webhooks of stored configurations, configurations sorted by name, webhooks in their listed order. */
export function webhooksOf(type: WebhookType, configs: Obj[]): Webhook[] {
  const named = configs.map((c) => ({ name: String(asObj(c.metadata).name ?? ''), config: c }));
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return named.flatMap(({ name, config }) => (Array.isArray(config.webhooks) ? config.webhooks : []).map((w) => parseWebhook(type, name, w)));
}
