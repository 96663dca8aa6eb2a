// The CSR strategy and built-in admission (spec/security.md §3.3, §3.5): the requestor's identity is stamped from the
// authenticated user (clients can neither impersonate nor pre-approve), /approval needs `approve` on the signer and
// /status needs `sign`, and the kube-apiserver-client signer refuses system:masters subjects.
import { forbidden } from '../errors.ts';
import type { HookTable } from '../registry/hooks.ts';
import type { WriteContext } from '../registry/types.ts';
import type { ClusterRbac } from '../auth/cluster-rbac.ts';
import { SYSTEM_MASTERS } from '../auth/rbac/authorizer.ts';
import type { UserInfo } from '../auth/rbac/types.ts';
import { parseCertificateRequest, subjectOrganizations } from './csr-request.ts';
import { validateCsrCreate, validateCsrUpdate } from './validation.ts';

export const CSR_GROUP = 'certificates.k8s.io';
export const KUBE_APISERVER_CLIENT = 'kubernetes.io/kube-apiserver-client';
const CSR_RESOURCE = `certificatesigningrequests.${CSR_GROUP}`;

type Obj = Record<string, unknown>;

const asObj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

export interface CsrPolicyOptions {
  rbac: ClusterRbac;
  /** False when the server runs without authorization (every authenticated user may do anything). */
  authorization: () => boolean;
  /** Smallest spec.expirationSeconds accepted (kube: 600). */
  minExpirationSeconds: number;
}

/** Whether the user may `verb` (approve / sign) requests for a signer: by its name or by `<domain>/*`. */
function maySigner(opts: CsrPolicyOptions, ctx: WriteContext, verb: string, signer: string): boolean {
  const user = ctx.user as UserInfo | undefined;
  if (!user || !opts.authorization() || user.groups.includes(SYSTEM_MASTERS)) return true;
  const authz = opts.rbac.authorizer(ctx.cluster);
  const names = [signer, `${signer.split('/')[0]}/*`];
  return names.some((name) => authz.authorize(user, {
    verb, resourceRequest: true, apiGroup: CSR_GROUP, resource: 'signers', subresource: '', namespace: '', name, path: '',
  }).decision === 'Allow');
}

/** Fills condition timestamps the client left out, as kube's approval and status strategies do. */
function populateTimestamps(obj: Obj, old: Obj, now: string): void {
  const previous = Array.isArray(asObj(old.status).conditions) ? (asObj(old.status).conditions as Obj[]) : [];
  const conditions = Array.isArray(asObj(obj.status).conditions) ? (asObj(obj.status).conditions as Obj[]) : [];
  for (const c of conditions) {
    if (!c.lastUpdateTime) c.lastUpdateTime = now;
    if (!c.lastTransitionTime) {
      const same = previous.find((p) => p.type === c.type && p.status === c.status);
      c.lastTransitionTime = same?.lastTransitionTime ?? now;
    }
  }
}

function stampRequestor(obj: Obj, ctx: WriteContext): void {
  const spec = asObj(obj.spec);
  const user = ctx.user as UserInfo | undefined;
  delete spec.username;
  delete spec.uid;
  delete spec.groups;
  delete spec.extra;
  if (user) {
    spec.username = user.username;
    if (user.uid) spec.uid = user.uid;
    spec.groups = user.groups;
    if (user.extra && Object.keys(user.extra).length > 0) spec.extra = user.extra;
  }
  obj.spec = spec;
  obj.status = {};
}

function restrictSubject(obj: Obj): void {
  const spec = asObj(obj.spec);
  if (spec.signerName !== KUBE_APISERVER_CLIENT) return;
  let orgs: string[];
  try {
    orgs = subjectOrganizations(parseCertificateRequest(spec.request));
  } catch {
    return; // validation reports the unparsable request
  }
  if (orgs.includes(SYSTEM_MASTERS)) {
    throw forbidden(CSR_RESOURCE, String(asObj(obj.metadata).name ?? ''), `use of ${KUBE_APISERVER_CLIENT} signer with system:masters group is not allowed`);
  }
}

export function installCsrHooks(hooks: HookTable, opts: CsrPolicyOptions): void {
  hooks.addForKind(CSR_GROUP, 'CertificateSigningRequest', {
    prepareCreate: (obj, ctx) => {
      stampRequestor(obj, ctx);
      restrictSubject(obj);
    },
    prepareUpdate: (obj, old) => {
      // the main resource only changes metadata
      obj.spec = old.spec;
      obj.status = old.status;
    },
    validate: (obj, old, ctx) => {
      if (!old) return validateCsrCreate(obj, opts.minExpirationSeconds);
      const sub = ctx.subresource;
      const name = String(asObj(obj.metadata).name ?? '');
      const signer = String(asObj(old.spec).signerName ?? '');
      if (sub === 'approval' && !maySigner(opts, ctx, 'approve', signer)) {
        throw forbidden(CSR_RESOURCE, name, `user not permitted to approve requests with signerName ${JSON.stringify(signer)}`);
      }
      if (sub === 'status') {
        const changed = JSON.stringify(asObj(obj.status)) !== JSON.stringify(asObj(old.status));
        if (changed && !maySigner(opts, ctx, 'sign', signer)) {
          throw forbidden(CSR_RESOURCE, name, `user not permitted to sign requests with signerName ${JSON.stringify(signer)}`);
        }
      }
      if (sub === 'approval' || sub === 'status') {
        obj.spec = old.spec;
        populateTimestamps(obj, old, ctx.now);
      }
      return validateCsrUpdate(obj, old, sub);
    },
  });
}
