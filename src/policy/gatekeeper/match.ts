// A constraint's spec.match, applied as Gatekeeper applies it before evaluating a template:
// kinds, scope, namespaces / excludedNamespaces (with prefix* and *suffix wildcards),
// labelSelector, namespaceSelector and name. Cluster-scoped objects other than Namespaces are
// not affected by the namespace fields.
import { isObject, type KubeObject, type Review } from './review.ts';

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface ConstraintMatch {
  kinds?: { apiGroups?: string[]; kinds?: string[] }[];
  scope?: '*' | 'Cluster' | 'Namespaced';
  namespaces?: string[];
  excludedNamespaces?: string[];
  labelSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  name?: string;
}

export interface MatchContext {
  /** Labels of a namespace, for namespaceSelector; undefined when the namespace is unknown. */
  namespaceLabels?: (namespace: string) => Record<string, string> | undefined;
}

function wildcardMatch(pattern: string, value: string): boolean {
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** Whether a label set satisfies a Kubernetes label selector. Throws on an invalid operator. */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const req of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(labels[req.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[req.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        throw new Error(`labelSelector: operator ${String((req as { operator: unknown }).operator)} is not one of In, NotIn, Exists, DoesNotExist`);
    }
  }
  return true;
}

function labelsOf(obj: KubeObject | undefined): Record<string, string> {
  const l = obj?.metadata?.labels;
  return isObject(l) ? (l as Record<string, string>) : {};
}

/** Whether a constraint with this `spec.match` applies to the reviewed object. */
export function constraintMatches(match: ConstraintMatch | undefined, review: Review, ctx: MatchContext = {}): boolean {
  if (!match) return true;
  const obj = review.object ?? review.oldObject;
  const { group, kind } = review.kind;
  const isNamespace = group === '' && kind === 'Namespace';
  const ns = isNamespace ? (review.name ?? obj?.metadata?.name ?? '') : (review.namespace ?? '');
  const clusterScoped = !isNamespace && ns === '';

  if (match.kinds && match.kinds.length > 0) {
    const hit = match.kinds.some((k) => {
      const kinds = k.kinds ?? [];
      const groups = k.apiGroups ?? [];
      return (kinds.length === 0 || kinds.includes('*') || kinds.includes(kind)) && (groups.length === 0 || groups.includes('*') || groups.includes(group));
    });
    if (!hit) return false;
  }
  if (match.scope === 'Cluster' && review.namespace) return false;
  if (match.scope === 'Namespaced' && !review.namespace) return false;
  if (!clusterScoped) {
    if (match.namespaces && match.namespaces.length > 0 && !match.namespaces.some((p) => wildcardMatch(p, ns))) return false;
    if (match.excludedNamespaces?.some((p) => wildcardMatch(p, ns))) return false;
  }
  if (match.name !== undefined && match.name !== '') {
    const name = review.name ?? obj?.metadata?.name ?? '';
    if (!wildcardMatch(match.name, name)) return false;
  }
  if (match.labelSelector) {
    // On DELETE only the old object exists; Gatekeeper matches either object's labels.
    const objects = [review.object, review.oldObject].filter((o): o is KubeObject => o !== undefined);
    if (!objects.some((o) => selectorMatches(match.labelSelector!, labelsOf(o)))) return false;
  }
  if (match.namespaceSelector && !clusterScoped) {
    const labels = isNamespace ? labelsOf(obj) : ctx.namespaceLabels?.(ns);
    if (!labels || !selectorMatches(match.namespaceSelector, labels)) return false;
  }
  return true;
}
