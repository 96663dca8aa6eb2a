// Kubeconfigs the agent builds: the bootstrap kubeconfig (`ocm join`: hub URL, CA and a bootstrap token) and the
// hub kubeconfig of the registered agent (same hub cluster, client certificate; context `default-context`,
// user `default-auth`, as upstream writes it).
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

export interface HubEndpoint {
  server: string;
  /** Base64 PEM CA bundle; absent means the system roots (or insecure when insecureSkipTlsVerify). */
  caData?: string;
  insecureSkipTlsVerify?: boolean;
}

/** The hub endpoint of a kubeconfig's current context, with the CA inlined (a caFile is read). */
export function hubEndpoint(kc: KubeConfig): HubEndpoint {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`bootstrap kubeconfig: context ${kc.getCurrentContext() || '(none)'} names no cluster`);
  let caData = cluster.caData;
  if (!caData && cluster.caFile) {
    try {
      caData = readFileSync(cluster.caFile).toString('base64');
    } catch (err) {
      throw new Error(`bootstrap kubeconfig: cluster ${cluster.name} certificate-authority ${cluster.caFile} cannot be read: ${(err as Error).message}`);
    }
  }
  return { server: cluster.server, caData, insecureSkipTlsVerify: cluster.skipTLSVerify || undefined };
}

function build(endpoint: HubEndpoint, user: { name: string; token?: string; certData?: string; keyData?: string }, contextName: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'hub', server: endpoint.server, caData: endpoint.caData, skipTLSVerify: endpoint.insecureSkipTlsVerify ?? false }],
    users: [user],
    contexts: [{ name: contextName, cluster: 'hub', user: user.name }],
    currentContext: contextName,
  });
  return kc;
}

/** What `ocm join --hub-token T --hub-apiserver URL [--ca-file F]` hands the agent. */
export function bootstrapKubeConfig(endpoint: HubEndpoint, token: string): KubeConfig {
  if (!/^[a-z0-9]{6}\.[a-z0-9]{16}$/.test(token)) throw new Error('hub token must look like <6 chars>.<16 chars> of [a-z0-9] (a bootstrap token)');
  return build(endpoint, { name: 'bootstrap', token }, 'bootstrap');
}

export function hubKubeConfig(endpoint: HubEndpoint, certPem: string, keyPem: string): KubeConfig {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  return build(endpoint, { name: 'default-auth', certData: b64(certPem), keyData: b64(keyPem) }, 'default-context');
}

/** YAML (JSON is YAML) of a kubeconfig, as it is stored in Secrets. */
export function serializeKubeConfig(kc: KubeConfig): string {
  return kc.exportConfig();
}

export function parseKubeConfig(text: string, what: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (err) {
    throw new Error(`${what}: not a kubeconfig: ${(err as Error).message}`);
  }
  if (!kc.getCurrentCluster()) throw new Error(`${what}: the current context names no cluster`);
  return kc;
}
