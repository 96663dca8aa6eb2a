// TokenRequest: POST /api/v1/namespaces/NS/serviceaccounts/NAME/token issues a bound service-account token
// (spec/security.md §1.4). Authorization (create serviceaccounts/token) has already happened.
import { badRequest, conflict, invalid, notFound } from '../errors.ts';
import type { Store } from '../storage/types.ts';
import type { ServiceAccountClaims, ServiceAccountTokens } from './authn/service-account-token.ts';

type Obj = Record<string, unknown>;

const asObj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

export interface TokenRequestTarget {
  cluster: string;
  namespace: string;
  name: string;
}

/** Builds the TokenRequest response for a decoded request body; throws kube's errors for bad requests. */
export function issueTokenRequest(store: Store, tokens: ServiceAccountTokens, t: TokenRequestTarget, body: Obj, now = Date.now()): Obj {
  const sa = store.get({ cluster: t.cluster, group: '', resource: 'serviceaccounts', namespace: t.namespace, name: t.name });
  if (!sa) throw notFound('serviceaccounts', t.name);
  const saUid = String(asObj(asObj(JSON.parse(sa.json)).metadata).uid ?? '');
  const spec = asObj(body.spec);
  const raw = spec.expirationSeconds;
  const expirationSeconds = raw === undefined || raw === null ? 3600 : Number(raw);
  const field = 'spec.expirationSeconds';
  if (!Number.isInteger(expirationSeconds)) {
    throw invalid('TokenRequest', 'authentication.k8s.io', t.name, [{ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(raw)}: must be an integer` }]);
  }
  if (expirationSeconds < 600) {
    throw invalid('TokenRequest', 'authentication.k8s.io', t.name, [
      { reason: 'FieldValueInvalid', field, message: `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes` },
    ]);
  }
  if (expirationSeconds > 2 ** 32) {
    throw invalid('TokenRequest', 'authentication.k8s.io', t.name, [
      { reason: 'FieldValueInvalid', field, message: `Invalid value: ${expirationSeconds}: may not specify a duration larger than 2^32 seconds` },
    ]);
  }
  const audiences = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences.map(String) : tokens.audiences;
  const k: ServiceAccountClaims['kubernetes.io'] = { namespace: t.namespace, serviceaccount: { name: t.name, uid: saUid } };
  const ref = spec.boundObjectRef === undefined || spec.boundObjectRef === null ? undefined : asObj(spec.boundObjectRef);
  if (ref) {
    const kind = String(ref.kind ?? '');
    const resource = kind === 'Pod' ? 'pods' : kind === 'Secret' ? 'secrets' : undefined;
    if (!resource) throw badRequest(`cannot bind token to object of type ${String(ref.apiVersion ?? 'v1')}, Kind=${kind}`);
    const refName = String(ref.name ?? '');
    const bound = store.get({ cluster: t.cluster, group: '', resource, namespace: t.namespace, name: refName });
    if (!bound) throw notFound(resource, refName);
    const obj = asObj(JSON.parse(bound.json));
    const uid = String(asObj(obj.metadata).uid ?? '');
    if (ref.uid !== undefined && ref.uid !== '' && ref.uid !== uid) {
      throw conflict(resource, refName, `the UID in the bound object reference (${String(ref.uid)}) does not match the UID in record. The object might have been deleted and then recreated`);
    }
    if (kind === 'Pod') {
      const podSa = String(asObj(obj.spec).serviceAccountName ?? 'default');
      if (podSa !== t.name) throw badRequest(`cannot bind token for serviceaccount "${t.name}" to pod running with serviceaccount "${podSa}"`);
      k.pod = { name: refName, uid };
    } else {
      k.secret = { name: refName, uid };
    }
  }
  const iat = Math.floor(now / 1000);
  const exp = iat + expirationSeconds;
  const token = tokens.issue({ sub: `system:serviceaccount:${t.namespace}:${t.name}`, aud: audiences, iat, nbf: iat, exp, 'kubernetes.io': k });
  return {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: { name: t.name, namespace: t.namespace, creationTimestamp: rfc3339(now) },
    spec: { audiences, expirationSeconds, boundObjectRef: ref ?? null },
    status: { token, expirationTimestamp: rfc3339(exp * 1000) },
  };
}
