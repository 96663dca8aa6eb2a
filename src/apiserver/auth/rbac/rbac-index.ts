// An index of RBAC bindings by subject, so that resolving a user's rules costs a few map lookups instead of a scan
// over every binding. Kept current one object at a time: a hub registering a thousand clusters writes RBAC objects
// for each, and rebuilding from a full snapshot after every write made registration quadratic.
// A grant keeps its binding's roleRef and looks up the role's rules again on first use after any role changed, so a
// role change needs no re-indexing.
import type { ClusterRole, PolicyRule, RbacObjects, Role, RoleBinding, RoleRef, Subject, UserInfo } from './types.ts';

const SA_PREFIX = 'system:serviceaccount:';

export type RbacResource = 'roles' | 'clusterroles' | 'rolebindings' | 'clusterrolebindings';

/** One binding's grant to one subject, with the referenced role's rules resolved. */
export interface Grant {
  rules: PolicyRule[];
  /** "ClusterRoleBinding "x" of ClusterRole "y" to Group "g"" */
  source: string;
  /** Set when the referenced role does not exist. */
  error?: string;
}

/** A grant as indexed: which binding, to which role, and that role's rules as of `resolvedAt`. */
interface IndexedGrant extends Grant {
  /** The binding's name: grants are tried in list order (by name within a namespace), so reasons are deterministic. */
  order: string;
  roleRef: RoleRef;
  namespace: string;
  /** The index's role generation the rules were resolved at (-1: never). */
  resolvedAt: number;
}

function subjectKey(subject: Subject, bindingNamespace: string): string | undefined {
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

const byOrder = (a: IndexedGrant, b: IndexedGrant): number => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0);

/** The grants of the bindings of one scope (cluster-wide, or one namespace), by subject. */
class GrantTable {
  private readonly bySubject = new Map<string, IndexedGrant[]>();
  /** binding name → the subject keys it was indexed under */
  private readonly bindings = new Map<string, string[]>();

  get size(): number {
    return this.bindings.size;
  }

  put(binding: RoleBinding, namespace: string): void {
    const name = binding.metadata.name;
    this.remove(name);
    const bindingKind = namespace ? 'RoleBinding' : 'ClusterRoleBinding';
    const bindingName = namespace ? `${name}/${namespace}` : name;
    const keys: string[] = [];
    for (const subject of binding.subjects ?? []) {
      const key = subjectKey(subject, namespace);
      if (!key) continue;
      const source = `${bindingKind} "${bindingName}" of ${binding.roleRef.kind} "${binding.roleRef.name}" to ${describeSubject(subject, namespace)}`;
      const grant: IndexedGrant = { order: name, roleRef: binding.roleRef, namespace, source, rules: [], resolvedAt: -1 };
      const list = this.bySubject.get(key);
      if (!list) this.bySubject.set(key, [grant]);
      else {
        // after the last grant ordered at or before this one: a binding naming a subject twice keeps its subject order
        let at = list.length;
        while (at > 0 && byOrder(list[at - 1], grant) > 0) at--;
        list.splice(at, 0, grant);
      }
      keys.push(key);
    }
    this.bindings.set(name, keys);
  }

  remove(name: string): void {
    const keys = this.bindings.get(name);
    if (!keys) return;
    this.bindings.delete(name);
    for (const key of new Set(keys)) {
      const kept = this.bySubject.get(key)!.filter((g) => g.order !== name);
      if (kept.length > 0) this.bySubject.set(key, kept);
      else this.bySubject.delete(key);
    }
  }

  /** The user's grants, in binding order. */
  collect(user: UserInfo): IndexedGrant[] {
    const out: IndexedGrant[] = [];
    const byUser = this.bySubject.get(`u:${user.username}`);
    if (byUser) out.push(...byUser);
    let lists = byUser ? 1 : 0;
    for (const g of user.groups) {
      const byGroup = this.bySubject.get(`g:${g}`);
      if (byGroup) {
        out.push(...byGroup);
        lists++;
      }
    }
    if (lists > 1) out.sort(byOrder); // stable: one binding's grants keep user-then-group order
    return out;
  }
}

export class RbacIndex {
  readonly clusterRoles = new Map<string, ClusterRole>();
  readonly roles = new Map<string, Role>(); // key: ns/name
  private readonly clusterGrants = new GrantTable();
  private readonly namespaceGrants = new Map<string, GrantTable>();
  /** Bumped by every role write: grants re-resolve their rules on next use. */
  private roleGeneration = 0;

  constructor(objects?: RbacObjects) {
    for (const cr of objects?.clusterRoles ?? []) this.put('clusterroles', cr);
    for (const r of objects?.roles ?? []) this.put('roles', r);
    for (const b of objects?.clusterRoleBindings ?? []) this.put('clusterrolebindings', b);
    for (const b of objects?.roleBindings ?? []) this.put('rolebindings', b);
  }

  /** Adds or replaces one RBAC object. */
  put(resource: RbacResource, obj: Role | RoleBinding): void {
    const namespace = obj.metadata.namespace ?? '';
    switch (resource) {
      case 'clusterroles':
        this.clusterRoles.set(obj.metadata.name, obj as ClusterRole);
        this.roleGeneration++;
        break;
      case 'roles':
        this.roles.set(`${namespace}/${obj.metadata.name}`, obj as Role);
        this.roleGeneration++;
        break;
      case 'clusterrolebindings':
        this.clusterGrants.put(obj as RoleBinding, '');
        break;
      case 'rolebindings': {
        let table = this.namespaceGrants.get(namespace);
        if (!table) this.namespaceGrants.set(namespace, (table = new GrantTable()));
        table.put(obj as RoleBinding, namespace);
        break;
      }
    }
  }

  /** Removes one RBAC object (`namespace` is '' for cluster-scoped ones). */
  remove(resource: RbacResource, namespace: string, name: string): void {
    switch (resource) {
      case 'clusterroles':
        this.clusterRoles.delete(name);
        this.roleGeneration++;
        break;
      case 'roles':
        this.roles.delete(`${namespace}/${name}`);
        this.roleGeneration++;
        break;
      case 'clusterrolebindings':
        this.clusterGrants.remove(name);
        break;
      case 'rolebindings': {
        const table = this.namespaceGrants.get(namespace);
        table?.remove(name);
        if (table?.size === 0) this.namespaceGrants.delete(namespace);
        break;
      }
    }
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

  /** Grants that apply to a user in a namespace, in kube's order: cluster bindings first, then the namespace's. */
  grantsFor(user: UserInfo, namespace: string): Grant[] {
    const grants = this.clusterGrants.collect(user);
    const nsGrants = namespace ? this.namespaceGrants.get(namespace) : undefined;
    if (nsGrants) grants.push(...nsGrants.collect(user));
    for (const g of grants) {
      if (g.resolvedAt === this.roleGeneration) continue;
      const { rules, error } = this.roleRules(g.roleRef, g.namespace);
      g.rules = rules;
      g.error = error;
      g.resolvedAt = this.roleGeneration;
    }
    return grants;
  }
}
