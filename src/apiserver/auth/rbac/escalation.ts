// Escalation prevention: a user may only grant (in a Role, or by binding a role) permissions they hold.
import type { PolicyRule } from './types.ts';

/** A rule with exactly one group/resource/verb (and at most one name), or one URL and verb. */
interface AtomicRule {
  verb: string;
  apiGroup?: string;
  resource?: string;
  resourceName?: string;
  url?: string;
}

function explode(rule: PolicyRule): AtomicRule[] {
  const out: AtomicRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length === 0) out.push({ verb, apiGroup: group, resource });
        else for (const resourceName of names) out.push({ verb, apiGroup: group, resource, resourceName });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) out.push({ verb, url });
  return out;
}

function ownerCovers(owner: PolicyRule, a: AtomicRule): boolean {
  const hasOrStar = (list: string[] | undefined, v: string) => !!list && (list.includes('*') || list.includes(v));
  if (!hasOrStar(owner.verbs, a.verb)) return false;
  if (a.url !== undefined) {
    return (owner.nonResourceURLs ?? []).some((u) => u === a.url || (u.endsWith('*') && a.url!.startsWith(u.slice(0, -1))));
  }
  if (!hasOrStar(owner.apiGroups, a.apiGroup!)) return false;
  const resources = owner.resources ?? [];
  const slash = a.resource!.indexOf('/');
  const resourceCovered =
    resources.includes('*') || resources.includes(a.resource!) || (slash >= 0 && resources.includes(`*${a.resource!.slice(slash)}`));
  if (!resourceCovered) return false;
  const ownerNames = owner.resourceNames ?? [];
  if (a.resourceName === undefined) return ownerNames.length === 0;
  return ownerNames.length === 0 || ownerNames.includes(a.resourceName);
}

/** The servant rules' atomic parts that no single owner rule covers (empty = fully covered). */
export function uncoveredRules(owner: PolicyRule[], servant: PolicyRule[]): PolicyRule[] {
  const missing: AtomicRule[] = [];
  for (const rule of servant) {
    for (const atomic of explode(rule)) if (!owner.some((o) => ownerCovers(o, atomic))) missing.push(atomic);
  }
  return compact(missing);
}

/** Merges atomic rules that differ only by verb, as kube does before printing them. */
function compact(atomics: AtomicRule[]): PolicyRule[] {
  const merged = new Map<string, PolicyRule>();
  const out: PolicyRule[] = [];
  for (const a of atomics) {
    if (a.url !== undefined) {
      out.push({ verbs: [a.verb], nonResourceURLs: [a.url] });
      continue;
    }
    if (a.resourceName !== undefined) {
      out.push({ verbs: [a.verb], apiGroups: [a.apiGroup!], resources: [a.resource!], resourceNames: [a.resourceName] });
      continue;
    }
    const key = `${a.apiGroup}\u0000${a.resource}`;
    const existing = merged.get(key);
    if (existing) existing.verbs.push(a.verb);
    else {
      const rule: PolicyRule = { verbs: [a.verb], apiGroups: [a.apiGroup!], resources: [a.resource!] };
      merged.set(key, rule);
      out.push(rule);
    }
  }
  return out;
}

const q = (list: string[]) => `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;

/** kube's compact rule rendering: `{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}`. */
export function renderRule(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:${q(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`Resources:${q(rule.resources)}`);
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:${q(rule.nonResourceURLs)}`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${q(rule.resourceNames)}`);
  if (rule.verbs.length) parts.push(`Verbs:${q(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** The text after `is forbidden: ` when a user tries to grant rules they do not hold; undefined when allowed. */
export function escalationError(
  user: { username: string; groups: string[] },
  owner: PolicyRule[],
  servant: PolicyRule[],
  resolutionErrors: string[] = [],
): string | undefined {
  const missing = uncoveredRules(owner, servant);
  if (missing.length === 0) return undefined;
  const lines = missing.map(renderRule).sort();
  let msg = `user "${user.username}" (groups=${q(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
  if (resolutionErrors.length) msg += `; resolution errors: [${resolutionErrors.join(' ')}]`;
  return msg;
}

/** Full authority, required to create or change an aggregating ClusterRole. */
export const FULL_AUTHORITY: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];
