// What the agent keeps on the managed cluster, in its namespace: Secret `bootstrap-hub-kubeconfig` (key
// `kubeconfig`) and Secret `hub-kubeconfig-secret` (keys kubeconfig, tls.crt, tls.key, cluster-name, agent-name).
// The private key lives only here.
import type { KubeClient, ResourceClient } from '../../kube/index.ts';
import { createOrUpdate, isAlreadyExists, namespaceResource, secretResource } from '../../kube/index.ts';
import type { Namespace } from '../../kube/index.ts';
import type { ObjectMeta } from '../../api/index.ts';

export const BOOTSTRAP_SECRET = 'bootstrap-hub-kubeconfig';
export const HUB_KUBECONFIG_SECRET = 'hub-kubeconfig-secret';
export const DEFAULT_AGENT_NAMESPACE = 'open-cluster-management-agent';

export interface Secret {
  apiVersion?: 'v1';
  kind?: 'Secret';
  metadata: ObjectMeta;
  type?: string;
  data?: Record<string, string>;
}

export interface HubSecretData {
  kubeconfig?: string;
  certPem?: string;
  keyPem?: string;
  clusterName?: string;
  agentName?: string;
}

const decode = (v: string | undefined): string | undefined => (v === undefined ? undefined : Buffer.from(v, 'base64').toString('utf8'));
const encode = (v: string): string => Buffer.from(v).toString('base64');

export class AgentSecrets {
  private readonly secrets: ResourceClient<Secret>;
  private readonly namespaces: ResourceClient<Namespace>;
  readonly namespace: string;

  constructor(managed: KubeClient, namespace: string) {
    this.secrets = managed.resource<Secret>(secretResource);
    this.namespaces = managed.resource<Namespace>(namespaceResource);
    this.namespace = namespace;
  }

  async ensureNamespace(): Promise<void> {
    if (await this.namespaces.getOrUndefined(this.namespace)) return;
    try {
      await this.namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace } });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }

  async readBootstrap(): Promise<string | undefined> {
    const s = await this.secrets.getOrUndefined(BOOTSTRAP_SECRET, this.namespace);
    return decode(s?.data?.kubeconfig);
  }

  async writeBootstrap(kubeconfig: string): Promise<void> {
    await this.write(BOOTSTRAP_SECRET, { kubeconfig: encode(kubeconfig) });
  }

  async readHub(): Promise<HubSecretData> {
    const d = (await this.secrets.getOrUndefined(HUB_KUBECONFIG_SECRET, this.namespace))?.data ?? {};
    return {
      kubeconfig: decode(d.kubeconfig),
      certPem: decode(d['tls.crt']),
      keyPem: decode(d['tls.key']),
      clusterName: decode(d['cluster-name']),
      agentName: decode(d['agent-name']),
    };
  }

  /** Replaces the hub credentials; cluster and agent name are always kept so a restart reuses them. */
  async writeHub(data: HubSecretData): Promise<void> {
    const out: Record<string, string> = {};
    if (data.kubeconfig !== undefined) out.kubeconfig = encode(data.kubeconfig);
    if (data.certPem !== undefined) out['tls.crt'] = encode(data.certPem);
    if (data.keyPem !== undefined) out['tls.key'] = encode(data.keyPem);
    if (data.clusterName !== undefined) out['cluster-name'] = encode(data.clusterName);
    if (data.agentName !== undefined) out['agent-name'] = encode(data.agentName);
    await this.write(HUB_KUBECONFIG_SECRET, out);
  }

  private async write(name: string, data: Record<string, string>): Promise<void> {
    const fresh: Secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: this.namespace } };
    await createOrUpdate(this.secrets, { name, namespace: this.namespace }, (current): Secret => ({ ...(current ?? fresh), type: 'Opaque', data }));
  }
}
