// The hub in a box behind `ocm up` (and the registration e2e tests and benchmark): the embedded API server with
// the hub and N virtual managed clusters, the hub bootstrapped and its registration controllers running, and one
// in-process registration agent per managed cluster joining with the bootstrap token. The agents reach the hub
// and their clusters over HTTPS only.
import type { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { loadCrds } from '../api/crd-files.ts';
import { startApiServer } from '../apiserver/server.ts';
import type { ApiServer } from '../apiserver/server.ts';
import { bootstrapHub, startHubControllers } from '../hub/registration/index.ts';
import type { HubControllers } from '../hub/registration/index.ts';
import { KubeClient, customResourceDefinitionResource, loadKubeConfig, withContext } from '../kube/index.ts';
import type { KubeObject } from '../kube/index.ts';
import { bootstrapKubeConfig, hubEndpoint, startRegistrationAgent } from '../agent/registration/index.ts';
import type { RegistrationAgent } from '../agent/registration/index.ts';

export interface HubInABoxOptions {
  dataDir: string;
  clusters: string[];
  port?: number;
  /** Accept every cluster that asks (approve its CSR, set hubAcceptsClient). */
  autoAccept?: boolean;
  leaseDurationSeconds?: number;
  leaseGraceFactor?: number;
  /** Shortest CSR lifetime the server issues (tests of certificate rotation lower it). */
  minCsrExpirationSeconds?: number;
  clientCertExpirationSeconds?: number;
  retryAfterDenialMs?: number;
  /** Install the ClusterClaim CRD on each managed cluster (default true). */
  clusterClaimCrd?: boolean;
  /** Serve the hub admission webhooks (default true). */
  webhooks?: boolean;
  logger?: Logger;
  onHeartbeat?: (cluster: string) => void;
}

export interface HubInABox {
  server: ApiServer;
  hub: KubeConfig;
  token: string;
  controllers: HubControllers;
  agents: Map<string, RegistrationAgent>;
  /** The kubeconfig of a managed cluster's context. */
  managed(cluster: string): KubeConfig;
  startAgent(cluster: string): Promise<RegistrationAgent>;
  stopAgent(cluster: string): Promise<void>;
  close(): Promise<void>;
}

const CLAIM_CRD = 'clusterclaims.cluster.open-cluster-management.io';

async function installClusterClaimCrd(kc: KubeConfig): Promise<void> {
  const crd = loadCrds().find((c) => c.crd.metadata.name === CLAIM_CRD)?.crd;
  if (!crd) throw new Error(`crds/ has no ${CLAIM_CRD}`);
  const client = new KubeClient(kc);
  try {
    await client.resource<KubeObject>(customResourceDefinitionResource).apply(crd as unknown as KubeObject, { fieldManager: 'ocm-up', force: true });
  } finally {
    client.close();
  }
}

export async function startHubInABox(options: HubInABoxOptions): Promise<HubInABox> {
  const logger = options.logger ?? pino({ level: process.env.OCM_LOG_LEVEL ?? 'silent' }, pino.destination(2));
  const server = await startApiServer({
    dataDir: options.dataDir,
    port: options.port ?? 0,
    clusters: options.clusters,
    ...(options.minCsrExpirationSeconds !== undefined ? { security: { minCsrExpirationSeconds: options.minCsrExpirationSeconds } } : {}),
  });
  const agents = new Map<string, RegistrationAgent>();
  let controllers: HubControllers | undefined;
  try {
    const base = loadKubeConfig({ file: server.kubeconfigPath });
    const hub = withContext(base, 'hub');
    const { token } = await bootstrapHub(hub);
    controllers = await startHubControllers({
      kubeconfig: hub,
      logger,
      options: {
        leaseGraceFactor: options.leaseGraceFactor,
        autoAccept: options.autoAccept,
        autoApproveUsers: options.autoAccept ? ['*'] : undefined,
        webhook: { enabled: options.webhooks ?? true },
      },
    });
    const bootstrap = bootstrapKubeConfig(hubEndpoint(hub), token);
    // the server's kubeconfig holds every cluster's context: read it once, again only for clusters added later
    let contexts = base;
    const managed = (cluster: string): KubeConfig => {
      if (!contexts.getContextObject(cluster)) contexts = loadKubeConfig({ file: server.kubeconfigPath });
      return withContext(contexts, cluster);
    };
    const box: HubInABox = {
      server, hub, token, controllers, agents, managed,
      async startAgent(cluster) {
        const running = agents.get(cluster);
        if (running) return running;
        const kc = managed(cluster);
        if (options.clusterClaimCrd ?? true) await installClusterClaimCrd(kc);
        const agent = startRegistrationAgent({
          clusterName: cluster,
          managedKubeconfig: kc,
          bootstrapKubeconfig: bootstrap,
          leaseDurationSeconds: options.leaseDurationSeconds,
          clientCertExpirationSeconds: options.clientCertExpirationSeconds,
          retryAfterDenialMs: options.retryAfterDenialMs,
          logger: logger.child({ component: 'registration-agent' }),
          onHeartbeat: options.onHeartbeat ? () => options.onHeartbeat!(cluster) : undefined,
        });
        agents.set(cluster, agent);
        return agent;
      },
      async stopAgent(cluster) {
        const agent = agents.get(cluster);
        agents.delete(cluster);
        await agent?.stop();
      },
      async close() {
        await Promise.all([...agents.keys()].map((c) => box.stopAgent(c)));
        await controllers?.stop();
        await server.close();
      },
    };
    return box;
  } catch (err) {
    await controllers?.stop();
    await server.close();
    throw err;
  }
}
