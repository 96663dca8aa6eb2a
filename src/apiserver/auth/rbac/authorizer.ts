// kube-apiserver's authorizer chain for the embedded server: system:masters first, then RBAC.
// RBAC only ever allows or has no opinion; there are no deny rules.
import { RbacIndex } from './rbac-index.ts';
import { ruleAllows } from './rule-match.ts';
import type { Attributes, Decision, PolicyRule, RbacObjects, UserInfo } from './types.ts';

export const SYSTEM_MASTERS = 'system:masters';

export class Authorizer {
  private readonly index: RbacIndex;

  constructor(objects?: RbacObjects) {
    this.index = new RbacIndex(objects);
  }

  /** The index the authorizer reads; its owner keeps it current with put/remove. */
  get rbac(): RbacIndex {
    return this.index;
  }

  authorize(user: UserInfo, attrs: Attributes): Decision {
    if (user.groups.includes(SYSTEM_MASTERS)) return { decision: 'Allow', reason: '' };
    const errors: string[] = [];
    for (const grant of this.index.grantsFor(user, attrs.namespace)) {
      if (grant.error) {
        if (!errors.includes(grant.error)) errors.push(grant.error);
        continue;
      }
      for (const rule of grant.rules) {
        if (ruleAllows(rule, attrs)) return { decision: 'Allow', reason: `RBAC: allowed by ${grant.source}` };
      }
    }
    if (errors.length === 0) return { decision: 'NoOpinion', reason: '' };
    return { decision: 'NoOpinion', reason: errors.length === 1 ? `RBAC: ${errors[0]}` : `RBAC: [${errors.join(', ')}]` };
  }

  /** Every rule that applies to the user in a namespace (cluster-wide ones included), for rules reviews and escalation checks. */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    for (const grant of this.index.grantsFor(user, namespace)) {
      if (grant.error) {
        if (!errors.includes(grant.error)) errors.push(grant.error);
      } else rules.push(...grant.rules);
    }
    return { rules, errors };
  }
}

function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The core of kube's 403 message, e.g. `User "u" cannot list resource "pods" in API group "" in the namespace "default"`. */
export function forbiddenReason(user: UserInfo, attrs: Attributes, reason: string): string {
  let core: string;
  if (!attrs.resourceRequest) {
    core = `User "${user.username}" cannot ${attrs.verb} path "${attrs.path}"`;
  } else {
    const res = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
    core = `User "${user.username}" cannot ${attrs.verb} resource "${res}" in API group "${attrs.apiGroup}" ${scope}`;
  }
  if (reason) core += `: ${reason}`;
  return htmlEscape(core);
}

/** The full Status message of a 403: `<resource>[.<group>] "<name>" is forbidden: <core>`. */
export function forbiddenMessage(user: UserInfo, attrs: Attributes, reason: string): string {
  const core = forbiddenReason(user, attrs, reason);
  if (!attrs.resourceRequest) return `forbidden: ${core}`;
  const gr = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource;
  return attrs.name ? `${gr} "${attrs.name}" is forbidden: ${core}` : `${gr} is forbidden: ${core}`;
}
