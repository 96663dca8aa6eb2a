// The RBAC storage guard (spec/security.md §2.9): nobody grants, in a Role or by binding one, permissions they do not
// hold, unless they may `escalate` / `bind`; aggregating ClusterRoles need full authority. Plus RBAC object validation.
import { isDeepStrictEqual } from 'node:util';
import { forbidden, notFound } from '../errors.ts';
import type { FieldCause } from '../errors.ts';
import type { HookTable } from '../registry/hooks.ts';
import type { WriteContext } from '../registry/types.ts';
import type { ClusterRbac } from './cluster-rbac.ts';
import { RBAC_GROUP } from './cluster-rbac.ts';
import { SYSTEM_MASTERS } from './rbac/authorizer.ts';
import { escalationError, FULL_AUTHORITY } from './rbac/escalation.ts';
import type { PolicyRule, RoleRef, UserInfo } from './rbac/types.ts';

type Obj = Record<string, unknown>;

const metaOf = (o: Obj): Obj => (o.metadata ?? {}) as Obj;

/** An update that changes nothing but ownership bookkeeping (the garbage collector's writes) is never an escalation. */
function gcOnlyChange(obj: Obj, old: Obj): boolean {
  const strip = (o: Obj): Obj => {
    const { ownerReferences: _o, finalizers: _f, resourceVersion: _r, managedFields: _m, generation: _g, ...meta } = metaOf(o);
    return { ...o, metadata: meta };
  };
  return isDeepStrictEqual(strip(obj), strip(old));
}

function hasAggregation(o: Obj | undefined): boolean {
  const rule = o?.aggregationRule as { clusterRoleSelectors?: unknown[] } | undefined | null;
  return Array.isArray(rule?.clusterRoleSelectors) && rule.clusterRoleSelectors.length > 0;
}

export class RbacGuard {
  private readonly rbac: ClusterRbac;
  private readonly enabled: () => boolean;

  constructor(rbac: ClusterRbac, enabled: () => boolean = () => true) {
    this.rbac = rbac;
    this.enabled = enabled;
  }

  private allowed(ctx: WriteContext, user: UserInfo, verb: string, group: string, resource: string, namespace: string, name: string): boolean {
    const attrs = { verb, resourceRequest: true, apiGroup: group, resource, subresource: '', namespace, name, path: '' };
    return this.rbac.authorizer(ctx.cluster).authorize(user, attrs).decision === 'Allow';
  }

  private confirmNoEscalation(ctx: WriteContext, user: UserInfo, namespace: string, rules: PolicyRule[], resource: string, name: string): void {
    const owner = this.rbac.authorizer(ctx.cluster).rulesFor(user, namespace);
    const why = escalationError(user, owner.rules, rules, owner.errors);
    if (why) throw forbidden(`${resource}.${RBAC_GROUP}`, name, why);
  }

  private subject(ctx: WriteContext): UserInfo | undefined {
    const user = ctx.user as UserInfo | undefined;
    if (!user || !this.enabled() || user.groups.includes(SYSTEM_MASTERS)) return undefined;
    return user;
  }

  checkRole(obj: Obj, old: Obj | undefined, ctx: WriteContext): void {
    const user = this.subject(ctx);
    if (!user) return;
    const cluster = ctx.resource.kind === 'ClusterRole';
    const resource = cluster ? 'clusterroles' : 'roles';
    const meta = metaOf(obj);
    const name = String(meta.name ?? '');
    const namespace = cluster ? '' : String(meta.namespace ?? '');
    // on create the URL has no name, so `escalate` limited by resourceNames cannot help
    if (this.allowed(ctx, user, 'escalate', RBAC_GROUP, resource, namespace, old ? name : '')) return;
    if (old && gcOnlyChange(obj, old)) return;
    this.confirmNoEscalation(ctx, user, namespace, (obj.rules ?? []) as PolicyRule[], resource, name);
    if (cluster && (hasAggregation(obj) || hasAggregation(old))) {
      const owner = this.rbac.authorizer(ctx.cluster).rulesFor(user, '');
      if (escalationError(user, owner.rules, FULL_AUTHORITY)) {
        throw forbidden(`${resource}.${RBAC_GROUP}`, name, 'must have cluster-admin privileges to use the aggregationRule');
      }
    }
  }

  checkBinding(obj: Obj, old: Obj | undefined, ctx: WriteContext): void {
    const user = this.subject(ctx);
    if (!user) return;
    if (old && gcOnlyChange(obj, old)) return;
    const cluster = ctx.resource.kind === 'ClusterRoleBinding';
    const resource = cluster ? 'clusterrolebindings' : 'rolebindings';
    const meta = metaOf(obj);
    const name = String(meta.name ?? '');
    const namespace = cluster ? '' : String(meta.namespace ?? '');
    const ref = (obj.roleRef ?? {}) as RoleRef;
    const refResource = ref.kind === 'Role' ? 'roles' : 'clusterroles';
    if (this.allowed(ctx, user, 'bind', ref.apiGroup ?? '', refResource, namespace, ref.name ?? '')) return;
    const { rules, error } = this.rbac.authorizer(ctx.cluster).rbac.roleRules(ref, namespace);
    if (error) throw notFound(`${refResource}.${RBAC_GROUP}`, ref.name ?? '');
    this.confirmNoEscalation(ctx, user, namespace, rules, resource, name);
  }
}

function validateRules(rules: unknown, namespaced: boolean): FieldCause[] {
  if (rules === undefined || rules === null) return [];
  if (!Array.isArray(rules)) return [{ reason: 'FieldValueInvalid', message: 'Invalid value: must be a list', field: 'rules' }];
  const causes: FieldCause[] = [];
  rules.forEach((r: PolicyRule, i) => {
    const field = `rules[${i}]`;
    const bad = (message: string, sub = ''): void => {
      causes.push({ reason: 'FieldValueRequired', message, field: sub ? `${field}.${sub}` : field });
    };
    if (!Array.isArray(r?.verbs) || r.verbs.length === 0) bad('Required value: verbs must contain at least one value', 'verbs');
    const urls = r?.nonResourceURLs ?? [];
    const resources = r?.resources ?? [];
    if (urls.length > 0) {
      if (namespaced) bad('Invalid value: namespaced rules cannot apply to non-resource URLs', 'nonResourceURLs');
      if ((r.apiGroups ?? []).length > 0 || resources.length > 0) bad('Invalid value: rules cannot apply to both regular resources and non-resource URLs', 'nonResourceURLs');
      return;
    }
    if ((r?.apiGroups ?? []).length === 0) bad('Required value: resource rules must supply at least one api group', 'apiGroups');
    if (resources.length === 0) bad('Required value: resource rules must supply at least one resource', 'resources');
  });
  return causes;
}

function validateBinding(obj: Obj, old: Obj | undefined, clusterScoped: boolean): FieldCause[] {
  const ref = obj.roleRef as RoleRef | undefined;
  if (!ref || typeof ref !== 'object') return [{ reason: 'FieldValueRequired', message: 'Required value', field: 'roleRef' }];
  if (old && !isDeepStrictEqual(old.roleRef, obj.roleRef)) {
    return [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(ref)}: cannot change roleRef`, field: 'roleRef' }];
  }
  const kinds = clusterScoped ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (!kinds.includes(ref.kind)) {
    return [{ reason: 'FieldValueNotSupported', message: `Unsupported value: "${ref.kind}": supported values: ${kinds.map((k) => `"${k}"`).join(', ')}`, field: 'roleRef.kind' }];
  }
  if (!ref.name) return [{ reason: 'FieldValueRequired', message: 'Required value', field: 'roleRef.name' }];
  return [];
}

/** Registers the escalation guard and RBAC validation on the four RBAC kinds. */
export function installRbacGuard(hooks: HookTable, guard: RbacGuard): void {
  for (const kind of ['Role', 'ClusterRole']) {
    hooks.addForKind(RBAC_GROUP, kind, {
      prepareCreate: (obj, ctx) => guard.checkRole(obj, undefined, ctx),
      prepareUpdate: (obj, old, ctx) => guard.checkRole(obj, old, ctx),
      validate: (obj) => validateRules(obj.rules, kind === 'Role'),
    });
  }
  for (const kind of ['RoleBinding', 'ClusterRoleBinding']) {
    hooks.addForKind(RBAC_GROUP, kind, {
      prepareCreate: (obj, ctx) => guard.checkBinding(obj, undefined, ctx),
      prepareUpdate: (obj, old, ctx) => guard.checkBinding(obj, old, ctx),
      validate: (obj, old) => validateBinding(obj, old, kind === 'ClusterRoleBinding'),
    });
  }
}
