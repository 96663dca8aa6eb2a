// The review APIs (spec/security.md §2.10): access reviews, rules reviews, whoami and TokenReview. Answered per
// request with 201; nothing is stored.
import { badRequest, invalid } from '../errors.ts';
import type { FieldCause } from '../errors.ts';
import type { RequestAuthenticator } from './authn/authenticator.ts';
import { withAuthenticatedGroup } from './authn/user.ts';
import type { ClusterRbac } from './cluster-rbac.ts';
import { SYSTEM_MASTERS } from './rbac/authorizer.ts';
import type { Attributes, PolicyRule, UserInfo } from './rbac/types.ts';

type Obj = Record<string, unknown>;

export interface ReviewContext {
  cluster: string;
  /** The path's namespace (LocalSubjectAccessReview). */
  namespace: string;
  user: UserInfo;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const asObj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

function userInfoJson(user: UserInfo): Obj {
  const out: Obj = { username: user.username };
  if (user.uid) out.uid = user.uid;
  out.groups = user.groups;
  if (user.extra && Object.keys(user.extra).length > 0) out.extra = user.extra;
  return out;
}

function attributesOf(spec: Obj, kind: string, causes: FieldCause[]): Attributes | undefined {
  const ra = spec.resourceAttributes === undefined || spec.resourceAttributes === null ? undefined : asObj(spec.resourceAttributes);
  const nra = spec.nonResourceAttributes === undefined || spec.nonResourceAttributes === null ? undefined : asObj(spec.nonResourceAttributes);
  if (ra && nra) {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec.nonResourceAttributes', message: `Invalid value: ${JSON.stringify(nra)}: cannot be specified in combination with resourceAttributes` });
    return undefined;
  }
  if (!ra && !nra) {
    causes.push({ reason: 'FieldValueRequired', field: 'spec.resourceAttributes', message: 'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified' });
    return undefined;
  }
  if (nra) {
    if (kind === 'LocalSubjectAccessReview') {
      causes.push({ reason: 'FieldValueInvalid', field: 'spec.nonResourceAttributes', message: `Invalid value: ${JSON.stringify(nra)}: disallowed on this kind of request` });
      return undefined;
    }
    return { verb: str(nra.verb), resourceRequest: false, apiGroup: '', resource: '', subresource: '', namespace: '', name: '', path: str(nra.path) };
  }
  return {
    verb: str(ra!.verb), resourceRequest: true, apiGroup: str(ra!.group), apiVersion: str(ra!.version), resource: str(ra!.resource),
    subresource: str(ra!.subresource), namespace: str(ra!.namespace), name: str(ra!.name), path: '',
  };
}

export class ReviewAnswerer {
  private readonly rbac: ClusterRbac;
  private readonly authn: RequestAuthenticator;

  constructor(rbac: ClusterRbac, authn: RequestAuthenticator) {
    this.rbac = rbac;
    this.authn = authn;
  }

  answer(obj: Obj, ctx: ReviewContext): Obj {
    const kind = String(obj.kind);
    const out: Obj = { ...obj, metadata: { ...asObj(obj.metadata), creationTimestamp: null } };
    switch (kind) {
      case 'SelfSubjectReview':
        out.status = { userInfo: userInfoJson(ctx.user) };
        return out;
      case 'TokenReview':
        out.status = this.tokenReview(asObj(obj.spec), ctx.cluster);
        return out;
      case 'SelfSubjectRulesReview':
        out.status = this.rulesReview(asObj(obj.spec), ctx);
        return out;
      default:
        out.status = this.accessReview(kind, obj, ctx);
        return out;
    }
  }

  private accessReview(kind: string, obj: Obj, ctx: ReviewContext): Obj {
    const spec = asObj(obj.spec);
    const causes: FieldCause[] = [];
    const attrs = attributesOf(spec, kind, causes);
    let subject = ctx.user;
    if (kind === 'SubjectAccessReview' || kind === 'LocalSubjectAccessReview') {
      const groups = Array.isArray(spec.groups) ? spec.groups.map(String) : [];
      const user = str(spec.user);
      if (user === '' && groups.length === 0) {
        causes.push({ reason: 'FieldValueInvalid', field: 'spec.user', message: 'Invalid value: "": at least one of user or group must be specified' });
      }
      // the subject is evaluated as given: no implicit system:authenticated
      subject = { username: user, groups, uid: str(spec.uid) || undefined, extra: asObj(spec.extra) as Record<string, string[]> };
      const meta = asObj(obj.metadata);
      const meaningful = Object.entries(meta).filter(([k, v]) => v !== undefined && v !== null && v !== '' && k !== 'creationTimestamp');
      if (meaningful.length > 0) causes.push({ reason: 'FieldValueInvalid', field: 'metadata', message: `Invalid value: ${JSON.stringify(meta)}: must be empty` });
    }
    if (causes.length > 0 || !attrs) throw invalid(kind, 'authorization.k8s.io', '', causes);
    if (kind === 'LocalSubjectAccessReview' && attrs.namespace !== ctx.namespace) {
      throw badRequest(`spec.resourceAttributes.namespace must match namespace: ${ctx.namespace}`);
    }
    const d = this.rbac.authorizer(ctx.cluster).authorize(subject, attrs);
    const status: Obj = { allowed: d.decision === 'Allow' };
    if (d.reason) status.reason = d.reason;
    return status;
  }

  private rulesReview(spec: Obj, ctx: ReviewContext): Obj {
    const namespace = str(spec.namespace);
    if (namespace === '') throw badRequest('no namespace on request');
    const resourceRules: Obj[] = [];
    const nonResourceRules: Obj[] = [];
    const add = (r: PolicyRule): void => {
      if ((r.nonResourceURLs ?? []).length > 0) nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
      else {
        const rule: Obj = { verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources ?? [] };
        if ((r.resourceNames ?? []).length > 0) rule.resourceNames = r.resourceNames;
        resourceRules.push(rule);
      }
    };
    if (ctx.user.groups.includes(SYSTEM_MASTERS)) {
      add({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
      add({ verbs: ['*'], nonResourceURLs: ['*'] });
    }
    const { rules, errors } = this.rbac.authorizer(ctx.cluster).rulesFor(ctx.user, namespace);
    rules.forEach(add);
    const status: Obj = { resourceRules, nonResourceRules, incomplete: false };
    if (errors.length > 0) status.evaluationError = errors.join(', ');
    return status;
  }

  private tokenReview(spec: Obj, cluster: string): Obj {
    const token = str(spec.token);
    const audiences = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences.map(String) : undefined;
    if (token === '') return { authenticated: false, user: {} };
    const outcome = this.authn.authenticateToken(cluster, token, audiences);
    if (outcome && 'user' in outcome) {
      const status: Obj = { authenticated: true, user: userInfoJson(withAuthenticatedGroup(outcome.user)) };
      if (audiences) status.audiences = audiences;
      return status;
    }
    return { authenticated: false, user: {}, error: outcome?.error ?? 'invalid bearer token' };
  }
}
