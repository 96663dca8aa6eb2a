// Which webhooks a request goes to: rules (with matchPolicy Equivalent), then the namespace and object selectors.
import { notFound } from '../errors.ts';
import type { ServedResource } from '../registry/types.ts';
import { matchesLabels } from '../selectors.ts';
import type { Store } from '../storage/types.ts';
import type { Webhook, WebhookRule } from './config.ts';

type Obj = Record<string, unknown>;

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionAttributes {
  cluster: string;
  operation: Operation;
  /** The resource the request addressed. */
  resource: ServedResource;
  /** '' when the request addressed no subresource. */
  subresource: string;
  namespace: string;
  name: string;
  object: Obj | null;
  oldObject: Obj | null;
  dryRun: boolean;
  /** CreateOptions / UpdateOptions / PatchOptions / DeleteOptions sent in the review. */
  options: Obj;
  user: { username: string; uid?: string; groups: string[]; extra?: Record<string, string[]> } | undefined;
}

const listed = (list: string[], value: string): boolean => list.includes('*') || list.includes(value);

function scopeMatches(rule: WebhookRule, attrs: AdmissionAttributes): boolean {
  const isNamespaceKind = attrs.resource.group === '' && attrs.resource.plural === 'namespaces';
  if (rule.scope === 'Namespaced') return !isNamespaceKind && attrs.namespace !== '';
  if (rule.scope === 'Cluster') return isNamespaceKind || attrs.namespace === '';
  return true;
}

function ruleMatches(rule: WebhookRule, attrs: AdmissionAttributes, r: ServedResource): boolean {
  if (!scopeMatches(rule, attrs) || !listed(rule.operations, attrs.operation)) return false;
  if (!listed(rule.apiGroups, r.group) || !listed(rule.apiVersions, r.version)) return false;
  return rule.resources.some((e) => (e.res === '*' || e.res === r.plural) && (e.sub === '*' || e.sub === attrs.subresource));
}

/** The resource version a webhook sees the request as, or undefined when its rules do not match. Equivalent
 *  retries the other served versions of the same group and resource. */
export function matchedResource(hook: Webhook, attrs: AdmissionAttributes, served: () => ServedResource[]): ServedResource | undefined {
  if (hook.rules.some((rule) => ruleMatches(rule, attrs, attrs.resource))) return attrs.resource;
  if (hook.matchPolicy !== 'Equivalent') return undefined;
  const r = attrs.resource;
  // equivalents share group and resource here: skip the scan unless some rule names both
  if (!hook.rules.some((rule) => listed(rule.apiGroups, r.group) && rule.resources.some((e) => e.res === '*' || e.res === r.plural))) return undefined;
  for (const other of served()) {
    if (other.group !== r.group || other.plural !== r.plural || other.version === r.version) continue;
    if (hook.rules.some((rule) => ruleMatches(rule, attrs, other))) return other;
  }
  return undefined;
}

function labelsOf(obj: Obj | null): Record<string, string> | undefined {
  if (!obj) return undefined;
  const meta = obj.metadata;
  const labels = meta && typeof meta === 'object' ? (meta as Obj).labels : undefined;
  return labels && typeof labels === 'object' ? (labels as Record<string, string>) : {};
}

/** The labels namespaceSelector is matched against; undefined = the selector does not apply (cluster-scoped). */
function namespaceLabels(attrs: AdmissionAttributes, store: Store): Record<string, string> | undefined {
  const isNamespaceKind = attrs.resource.group === '' && attrs.resource.plural === 'namespaces';
  if (!isNamespaceKind && attrs.namespace === '') return undefined;
  if (isNamespaceKind && attrs.subresource === '' && (attrs.operation === 'CREATE' || attrs.operation === 'UPDATE')) {
    return labelsOf(attrs.object) ?? {};
  }
  const nsName = isNamespaceKind ? attrs.name : attrs.namespace;
  const stored = store.get({ cluster: attrs.cluster, group: '', resource: 'namespaces', namespace: '', name: nsName });
  if (!stored) throw notFound('namespaces', nsName);
  return labelsOf(JSON.parse(stored.json) as Obj) ?? {};
}

/** Selectors are checked after the rules matched, so lookup errors surface only for webhooks that apply. */
export function selectorsMatch(hook: Webhook, attrs: AdmissionAttributes, store: Store): boolean {
  if (hook.objectSelector.length > 0) {
    const matches = (obj: Obj | null): boolean => obj !== null && matchesLabels(hook.objectSelector, labelsOf(obj));
    if (!matches(attrs.object) && !matches(attrs.oldObject)) return false;
  }
  if (hook.namespaceSelector.length > 0) {
    const labels = namespaceLabels(attrs, store);
    if (labels !== undefined && !matchesLabels(hook.namespaceSelector, labels)) return false;
  }
  return true;
}

const EXEMPT_KINDS = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding']);

/** Admission configuration objects never go to API-configured webhooks (no lock-out). */
export function isExempt(r: ServedResource): boolean {
  return r.group === 'admissionregistration.k8s.io' && EXEMPT_KINDS.has(r.kind);
}
