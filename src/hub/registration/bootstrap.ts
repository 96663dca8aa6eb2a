// `ocm init`'s hub side: the API contract, the bootstrap identity's RBAC, the hub controller's own role, the default
// cluster sets and a bootstrap token for joining clusters. Idempotent: running it again keeps what is there.
import { randomInt } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, isAlreadyExists, secretResource } from '../../kube/index.ts';
import type { KubeObject } from '../../kube/index.ts';
import { installCrds } from '../install/crds.ts';
import { ensureDefaultClusterSets } from '../clustersets/reconcile.ts';
import { ensureObject } from './ensure.ts';
import { BOOTSTRAP_GROUP, CONTROLLER_CLUSTER_ROLE } from './names.ts';
import { bootstrapRole, bootstrapRoleBinding, controllerRole } from './rbac.ts';
import { clusterRoleBindingResource, clusterRoleResource } from './resources.ts';
import type { ClusterRole, RoleBinding } from './resources.ts';

export interface BootstrapHubOptions {
  /** Bootstrap token id (6 of [a-z0-9]); default `ocmhub`. An unexpired token with this id is reused. */
  tokenId?: string;
  /** Token lifetime; 0 or absent: it never expires. */
  tokenTtlMs?: number;
  /** Skip installing CRDs (they are already there). */
  skipCrds?: boolean;
  /** Namespace and name of the ServiceAccount the hub controllers run as on a real hub. */
  controllerServiceAccount?: { namespace: string; name: string };
}

export interface BootstrapHubResult {
  /** `<id>.<secret>`, for `ocm join --hub-token`. */
  token: string;
  tokenSecret: string;
}

interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

const TOKEN_ID = /^[a-z0-9]{6}$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const unb64 = (s: string | undefined): string => Buffer.from(s ?? '', 'base64').toString('utf8');

function randomString(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

async function ensureBootstrapToken(client: KubeClient, id: string, ttlMs: number): Promise<BootstrapHubResult> {
  if (!TOKEN_ID.test(id)) throw new Error(`bootstrap token id "${id}" is invalid: it must be 6 characters of [a-z0-9]`);
  const secrets = client.resource<Secret>(secretResource);
  const name = `bootstrap-token-${id}`;
  const existing = await secrets.getOrUndefined(name, 'kube-system');
  if (existing) {
    const expiration = unb64(existing.data?.expiration);
    const usable = unb64(existing.data?.['token-id']) === id && existing.data?.['token-secret'] && (!expiration || Date.parse(expiration) > Date.now() + 60_000);
    if (usable) return { token: `${id}.${unb64(existing.data!['token-secret'])}`, tokenSecret: `kube-system/${name}` };
    await secrets.delete(name, { namespace: 'kube-system' });
  }
  const secret = randomString(16);
  const data: Record<string, string> = {
    'token-id': b64(id),
    'token-secret': b64(secret),
    'usage-bootstrap-authentication': b64('true'),
    'usage-bootstrap-signing': b64('true'),
    'auth-extra-groups': b64(BOOTSTRAP_GROUP),
    description: b64('bootstrap token for joining managed clusters (ocm init)'),
  };
  if (ttlMs > 0) data.expiration = b64(new Date(Date.now() + ttlMs).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  try {
    await secrets.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'kube-system' }, type: 'bootstrap.kubernetes.io/token', data } as Secret);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    return ensureBootstrapToken(client, id, ttlMs); // created meanwhile by another init: reuse it
  }
  return { token: `${id}.${secret}`, tokenSecret: `kube-system/${name}` };
}

export async function bootstrapHub(kc: KubeConfig, options: BootstrapHubOptions = {}): Promise<BootstrapHubResult> {
  if (!options.skipCrds) await installCrds(kc);
  const client = new KubeClient(kc);
  try {
    const roles = client.resource<ClusterRole>(clusterRoleResource);
    const bindings = client.resource<RoleBinding>(clusterRoleBindingResource);
    await ensureObject(roles, bootstrapRole(), ['rules']);
    await ensureObject(bindings, bootstrapRoleBinding(), ['subjects']);
    await ensureObject(roles, controllerRole(), ['rules']);
    const sa = options.controllerServiceAccount ?? { namespace: 'open-cluster-management-hub', name: 'registration-controller' };
    await ensureObject(bindings, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: CONTROLLER_CLUSTER_ROLE },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: CONTROLLER_CLUSTER_ROLE },
      subjects: [{ kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace }],
    }, ['subjects']);
    await ensureDefaultClusterSets(client);
    return await ensureBootstrapToken(client, options.tokenId ?? 'ocmhub', options.tokenTtlMs ?? 0);
  } finally {
    client.close();
  }
}
