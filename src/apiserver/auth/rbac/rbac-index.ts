// An index of RBAC bindings by subject, so that resolving a user's rules costs a few map lookups
// instead of a scan over every binding. Rebuilt from a full snapshot whenever an RBAC object changes.
import type { ClusterRole, PolicyRule, RbacObjects, Role, RoleBinding, Subject, UserInfo } from './types.ts';

const SA_PREFIX = 'system:serviceaccount:';

/** One binding's grant to one subject, with the referenced role's rules resolved. */
export interface Grant {
  /** Position of the binding in list order, so that reasons are deterministic. */
  order: number;
  rules: PolicyRule[];
  /** "ClusterRoleBinding "x" of ClusterRole "y" to Group "g"" */
  source: string;
  /** Set when the referenced role does not exist. */
  error?: string;
}

function subjectKeys(subject: Subject, bindingNamespace: string): string | undefined {
  switch (subject.kind) {
    case 'User':
      return `u:${subject.name}`;
    case 'Group':
      return `g:${subject.name}`;
    case 'ServiceAccount': {
      const ns = subject.namespace || bindingNamespace;
      // A ClusterRoleBinding ServiceAccount subject without a namespace never matches.
      return ns ? `u:${SA_PREFIX}${ns}:${subject.name}` : undefined;
    }
    default:
      return undefined;
  }
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') return `ServiceAccount "${subject.name}/${subject.namespace || bindingNamespace}"`;
  return `${subject.kind} "${subject.name}"`;
}

function push(map: Map<string, Grant[]>, key: string, grant: Grant): void {
  const list = map.get(key);
  if (list) list.push(grant);
  else map.set(key, [grant]);
}

export class RbacIndex {
  readonly clusterRoles = new Map<string, ClusterRole>();
  readonly roles = new Map<string, Role>(); // key: ns/name
  private readonly clusterGrants = new Map<string, Grant[]>();
  private readonly namespaceGrants = new Map<string, Map<string, Grant[]>>();

  constructor(objects: RbacObjects) {
    for (const cr of objects.clusterRoles) this.clusterRoles.set(cr.metadata.name, cr);
    for (const r of objects.roles) this.roles.set(`${r.metadata.namespace ?? ''}/${r.metadata.name}`, r);
    objects.clusterRoleBindings.forEach((b, i) => this.addBinding(b, i, this.clusterGrants, ''));
    objects.roleBindings.forEach((b, i) => {
      const ns = b.metadata.namespace ?? '';
      let grants = this.namespaceGrants.get(ns);
      if (!grants) this.namespaceGrants.set(ns, (grants = new Map()));
      this.addBinding(b, i, grants, ns);
    });
  }

  /** Rules of the role a binding references, or an error when it does not exist. */
  roleRules(ref: { kind: string; name: string }, namespace: string): { rules: PolicyRule[]; error?: string } {
    if (ref.kind === 'ClusterRole') {
      const cr = this.clusterRoles.get(ref.name);
      return cr ? { rules: cr.rules ?? [] } : { rules: [], error: `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found` };
    }
    if (ref.kind === 'Role' && namespace) {
      const r = this.roles.get(`${namespace}/${ref.name}`);
      return r ? { rules: r.rules ?? [] } : { rules: [], error: `role.rbac.authorization.k8s.io "${ref.name}" not found` };
    }
    return { rules: [], error: `unknown roleRef kind "${ref.kind}"` };
  }

  private addBinding(binding: RoleBinding, order: number, into: Map<string, Grant[]>, namespace: string): void {
    const { rules, error } = this.roleRules(binding.roleRef, namespace);
    const bindingKind = namespace ? 'RoleBinding' : 'ClusterRoleBinding';
    const bindingName = namespace ? `${binding.metadata.name}/${namespace}` : binding.metadata.name;
    for (const subject of binding.subjects ?? []) {
      const key = subjectKeys(subject, namespace);
      if (!key) continue;
      const source = `${bindingKind} "${bindingName}" of ${binding.roleRef.kind} "${binding.roleRef.name}" to ${describeSubject(subject, namespace)}`;
      push(into, key, { order, rules, source, error });
    }
  }

  /** Grants that apply to a user in a namespace, in kube's order: cluster bindings first, then the namespace's. */
  grantsFor(user: UserInfo, namespace: string): Grant[] {
    const cluster = this.collect(this.clusterGrants, user);
    if (!namespace) return cluster;
    const nsGrants = this.namespaceGrants.get(namespace);
    return nsGrants ? cluster.concat(this.collect(nsGrants, user)) : cluster;
  }

  private collect(map: Map<string, Grant[]>, user: UserInfo): Grant[] {
    const out: Grant[] = [];
    const byUser = map.get(`u:${user.username}`);
    if (byUser) out.push(...byUser);
    for (const g of user.groups) {
      const byGroup = map.get(`g:${g}`);
      if (byGroup) out.push(...byGroup);
    }
    if (out.length > 1) out.sort((a, b) => a.order - b.order);
    return out;
  }
}
