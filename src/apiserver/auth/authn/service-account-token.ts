// Bound service-account tokens: ES256 JWTs signed with a key kept in DATA/pki/sa.key, carrying the ServiceAccount's
// uid so that deleting (or re-creating) the ServiceAccount revokes every token issued for it (spec/security.md §1.4).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../../storage/types.ts';
import { CREDENTIAL_ID } from './user.ts';
import type { AuthnOutcome } from './user.ts';

export const DEFAULT_ISSUER = 'https://kubernetes.default.svc';
const LEEWAY_S = 60;
const SA_PREFIX = 'system:serviceaccount:';

type Obj = Record<string, unknown>;

export interface ServiceAccountClaims {
  iss: string;
  sub: string;
  aud: string[];
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  'kubernetes.io': {
    namespace: string;
    serviceaccount: { name: string; uid: string };
    pod?: { name: string; uid: string };
    secret?: { name: string; uid: string };
    node?: { name: string; uid: string };
  };
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

export class ServiceAccountTokens {
  readonly issuer: string;
  readonly audiences: string[];
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly kid: string;
  /** Signature checks are the expensive part; a token's claims never change, so verified ones are remembered. */
  private readonly verified = new Map<string, ServiceAccountClaims>();

  constructor(privateKey: KeyObject, issuer = DEFAULT_ISSUER) {
    this.privateKey = privateKey;
    this.publicKey = createPublicKey(privateKey);
    this.issuer = issuer;
    this.audiences = [issuer];
    const spki = this.publicKey.export({ type: 'spki', format: 'der' });
    this.kid = createHash('sha256').update(spki).digest('base64url');
  }

  /** Loads DATA/pki/sa.key, creating it on first start. */
  static async open(dataDir: string): Promise<ServiceAccountTokens> {
    const path = join(dataDir, 'pki', 'sa.key');
    let pem: string;
    try {
      pem = await readFile(path, 'utf8');
    } catch {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      await writeFile(path, pem, { mode: 0o600 });
    }
    return new ServiceAccountTokens(createPrivateKey(pem));
  }

  issue(claims: Omit<ServiceAccountClaims, 'iss' | 'jti'>): string {
    const header = b64url(JSON.stringify({ alg: 'ES256', kid: this.kid }));
    const payload = b64url(JSON.stringify({ iss: this.issuer, jti: randomUUID(), ...claims }));
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${header}.${payload}.${b64url(signature)}`;
  }

  /** Claims of a token this server signed; undefined when it is not ours (other issuer, not a JWT). */
  private claimsOf(token: string): ServiceAccountClaims | { error: string } | undefined {
    const cached = this.verified.get(token);
    if (cached) return cached;
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    let claims: ServiceAccountClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as ServiceAccountClaims;
    } catch {
      return undefined;
    }
    if (claims === null || typeof claims !== 'object' || claims.iss !== this.issuer) return undefined;
    const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: this.publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(parts[2], 'base64url'));
    if (!ok) return { error: 'invalid signature' };
    if (this.verified.size > 10_000) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  /** kube's validation order: issuer, signature, audience, time, then the ServiceAccount and bound object still exist. */
  authenticate(store: Store, cluster: string, token: string, audiences = this.audiences, now = Date.now()): AuthnOutcome {
    const claims = this.claimsOf(token);
    if (claims === undefined || 'error' in claims) return claims;
    const tokenAud = Array.isArray(claims.aud) && claims.aud.length > 0 ? claims.aud : this.audiences;
    if (!tokenAud.some((a) => audiences.includes(a))) {
      return { error: `token audiences ${JSON.stringify(tokenAud.join(','))} is invalid for the target audiences ${JSON.stringify(audiences.join(','))}` };
    }
    const t = now / 1000;
    if (typeof claims.exp === 'number' && t > claims.exp + LEEWAY_S) return { error: 'service account token has expired' };
    if (typeof claims.nbf === 'number' && t < claims.nbf - LEEWAY_S) return { error: 'service account token is not valid yet' };
    if (typeof claims.iat === 'number' && t < claims.iat - LEEWAY_S) return { error: 'service account token is issued in the future' };
    const k = claims['kubernetes.io'];
    if (!k || typeof k.namespace !== 'string' || !k.serviceaccount) return { error: 'service account token is missing its kubernetes.io claims' };
    const { namespace } = k;
    const { name, uid } = k.serviceaccount;
    if (claims.sub !== `${SA_PREFIX}${namespace}:${name}`) return { error: 'service account token subject does not match its claims' };
    const sa = store.get({ cluster, group: '', resource: 'serviceaccounts', namespace, name });
    if (!sa) return { error: `service account ${namespace}/${name} has been deleted` };
    const saMeta = ((JSON.parse(sa.json) as Obj).metadata ?? {}) as Obj;
    if (saMeta.uid !== uid) return { error: `service account UID (${String(saMeta.uid)}) does not match claim (${uid})` };
    if (saMeta.deletionTimestamp && Date.parse(String(saMeta.deletionTimestamp)) < now - 60_000) {
      return { error: `service account ${namespace}/${name} has been deleted` };
    }
    const extra: Record<string, string[]> = { [CREDENTIAL_ID]: [`JTI=${claims.jti}`] };
    for (const [field, resource] of [['pod', 'pods'], ['secret', 'secrets']] as const) {
      const bound = k[field];
      if (!bound) continue;
      const obj = store.get({ cluster, group: '', resource, namespace, name: bound.name });
      const meta = obj ? (((JSON.parse(obj.json) as Obj).metadata ?? {}) as Obj) : undefined;
      if (!meta || meta.uid !== bound.uid || meta.deletionTimestamp) return { error: 'service account token has been invalidated' };
      if (field === 'pod') {
        extra['authentication.kubernetes.io/pod-name'] = [bound.name];
        extra['authentication.kubernetes.io/pod-uid'] = [bound.uid];
      }
    }
    return {
      user: { username: `${SA_PREFIX}${namespace}:${name}`, uid, groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`], extra },
    };
  }
}
