// Bootstrap tokens: `<id>.<secret>` backed by the Secret kube-system/bootstrap-token-<id> of the virtual cluster the
// request addresses (spec/security.md §1.3).
import { timingSafeEqual } from 'node:crypto';
import type { Store } from '../../storage/types.ts';
import type { AuthnOutcome } from './user.ts';

export const BOOTSTRAP_TOKEN_TYPE = 'bootstrap.kubernetes.io/token';
export const BOOTSTRAPPERS = 'system:bootstrappers';
const TOKEN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const EXTRA_GROUP = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;

type Obj = Record<string, unknown>;

export function bootstrapSecretName(tokenId: string): string {
  return `bootstrap-token-${tokenId}`;
}

function decoded(data: Obj, key: string): string | undefined {
  const v = data[key];
  return typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** No opinion for strings that are not bootstrap tokens or have no Secret; an error for a token its Secret rejects. */
export function authenticateBootstrapToken(store: Store, cluster: string, token: string, now = Date.now()): AuthnOutcome {
  const m = TOKEN.exec(token);
  if (!m) return undefined;
  const [, id, secret] = m;
  const name = bootstrapSecretName(id);
  const stored = store.get({ cluster, group: '', resource: 'secrets', namespace: 'kube-system', name });
  if (!stored) return undefined;
  const obj = JSON.parse(stored.json) as Obj;
  const meta = (obj.metadata ?? {}) as Obj;
  const reject = (why: string): AuthnOutcome => ({ error: `bootstrap token ${id}: ${why}` });
  if (obj.type !== BOOTSTRAP_TOKEN_TYPE) return reject(`secret kube-system/${name} has type "${String(obj.type)}"`);
  if (meta.deletionTimestamp) return reject('secret is being deleted');
  const data = obj.data;
  if (data === null || typeof data !== 'object') return reject('secret has no data');
  const d = data as Obj;
  if (decoded(d, 'token-id') !== id) return reject('token-id does not match');
  const storedSecret = decoded(d, 'token-secret');
  if (storedSecret === undefined || !sameSecret(storedSecret, secret)) return reject('token-secret does not match');
  if (decoded(d, 'usage-bootstrap-authentication') !== 'true') return reject('not marked for authentication');
  const expiration = decoded(d, 'expiration');
  if (expiration !== undefined) {
    const at = Date.parse(expiration);
    if (Number.isNaN(at) || at - now <= 0) return reject('token has expired');
  }
  const groups = new Set([BOOTSTRAPPERS]);
  const extra = decoded(d, 'auth-extra-groups');
  if (extra !== undefined && extra !== '') {
    for (const g of extra.split(',')) {
      if (!EXTRA_GROUP.test(g)) return reject(`auth-extra-groups entry "${g}" is not a system:bootstrappers: group`);
      groups.add(g);
    }
  }
  return { user: { username: `system:bootstrap:${id}`, groups: [...groups].sort() } };
}
