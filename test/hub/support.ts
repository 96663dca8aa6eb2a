// Test support for the hub registration tests: an embedded hub bootstrapped as `ocm init` does, with the hub
// controllers running, and helpers that act as the identities that hit a hub (admin, bootstrap token, agent cert).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { startApiServer } from '../../src/apiserver/server.ts';
import type { ApiServer } from '../../src/apiserver/server.ts';
import { LABEL_CLUSTER_NAME, managedClusterResource } from '../../src/api/index.ts';
import type { ManagedCluster } from '../../src/api/index.ts';
import { KubeClient, csrResource, loadKubeConfig } from '../../src/kube/index.ts';
import { bootstrapHub, startHubControllers } from '../../src/hub/registration/index.ts';
import type { HubControllerOptions, HubControllers } from '../../src/hub/registration/index.ts';
import type { CertificateSigningRequest } from '../../src/hub/registration/resources.ts';
import { generateCsr } from '../apiserver/security/csr-helpers.ts';
import { eventually } from '../kube/support.ts';

export const logger = pino({ level: process.env.OCM_LOG_LEVEL ?? 'silent' });

export interface Hub {
  server: ApiServer;
  kc: KubeConfig;
  admin: KubeClient;
  token: string;
  controllers?: HubControllers;
  startControllers(options?: HubControllerOptions): Promise<HubControllers>;
  /** A client authenticated with the given bearer token or client certificate. */
  clientFor(auth: { token: string } | { certPem: string; keyPem: string }): KubeClient;
  stop(): Promise<void>;
}

export async function startHub(options: { controllers?: HubControllerOptions | false } = {}): Promise<Hub> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ocm-hubreg-'));
  const server = await startApiServer({ dataDir, port: 0 });
  const kc = loadKubeConfig({ file: server.kubeconfigPath, context: 'hub' });
  const { token } = await bootstrapHub(kc);
  const clients: KubeClient[] = [];
  const track = (c: KubeClient): KubeClient => (clients.push(c), c);
  const admin = track(new KubeClient(kc));
  const hub: Hub = {
    server, kc, admin, token,
    async startControllers(opts = {}) {
      hub.controllers = await startHubControllers({ kubeconfig: kc, logger, options: opts });
      return hub.controllers;
    },
    clientFor(auth) {
      const cluster = kc.getCurrentCluster()!;
      const user = 'token' in auth
        ? { name: 'u', token: auth.token }
        : { name: 'u', certData: Buffer.from(auth.certPem).toString('base64'), keyData: Buffer.from(auth.keyPem).toString('base64') };
      const other = new KubeConfig();
      other.loadFromOptions({ clusters: [cluster], users: [user], contexts: [{ name: 'c', cluster: cluster.name, user: 'u' }], currentContext: 'c' });
      return track(new KubeClient(other));
    },
    async stop() {
      await hub.controllers?.stop();
      for (const c of clients) c.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  if (options.controllers !== false) await hub.startControllers(options.controllers || {});
  return hub;
}

export { eventually };

export const agentUser = (cluster: string, agent = 'agent1'): string => `system:open-cluster-management:${cluster}:${agent}`;

export interface AgentCsr {
  name: string;
  keyPem: string;
}

/** Creates the klusterlet's CSR for `cluster` as the given client (bootstrap or agent identity). */
export async function createAgentCsr(client: KubeClient, cluster: string, agent = 'agent1', options: { label?: string; expirationSeconds?: number } = {}): Promise<AgentCsr> {
  const { request, keyPem } = await generateCsr(agentUser(cluster, agent), [`system:open-cluster-management:${cluster}`, 'system:open-cluster-management:managed-clusters']);
  const csr = await client.resource<CertificateSigningRequest>(csrResource).create({
    apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest',
    metadata: { generateName: `${cluster}-`, labels: { [LABEL_CLUSTER_NAME]: options.label ?? cluster } },
    spec: { request, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['digital signature', 'key encipherment', 'client auth'], ...(options.expirationSeconds ? { expirationSeconds: options.expirationSeconds } : {}) },
  });
  return { name: csr.metadata.name!, keyPem };
}

/** Approves a CSR as the hub admin does (`kubectl certificate approve`). */
export async function approveCsr(admin: KubeClient, name: string): Promise<void> {
  const csrs = admin.resource<CertificateSigningRequest>(csrResource);
  const isApproved = (c: CertificateSigningRequest): boolean => (c.status?.conditions ?? []).some((x) => x.type === 'Approved');
  const csr = await csrs.get(name);
  if (isApproved(csr)) return; // a hub with auto-approval got there first
  csr.status = { ...csr.status, conditions: [...(csr.status?.conditions ?? []), { type: 'Approved', status: 'True', reason: 'AdminApproved', message: 'approved by test admin' }] };
  try {
    await admin.transport.json({ method: 'PUT', path: `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}/approval`, body: csr, what: name });
  } catch (err) {
    if (!isApproved(await csrs.get(name))) throw err;
  }
}

export async function issuedCertificate(admin: KubeClient, name: string): Promise<string> {
  const csr = await eventually(async () => {
    const c = await admin.resource<CertificateSigningRequest>(csrResource).get(name);
    return c.status?.certificate ? c : undefined;
  }, 20_000, `certificate of CSR ${name}`);
  return Buffer.from(csr.status!.certificate!, 'base64').toString('utf8');
}

export function newManagedCluster(name: string, spec: ManagedCluster['spec'] = {}): ManagedCluster {
  return {
    apiVersion: 'cluster.open-cluster-management.io/v1', kind: 'ManagedCluster', metadata: { name },
    spec: { hubAcceptsClient: false, leaseDurationSeconds: 60, managedClusterClientConfigs: [{ url: `https://${name}.example.com:6443` }], ...spec },
  };
}

/**
 * Registers `cluster` as a klusterlet does with the bootstrap token (ManagedCluster + CSR), then lets the admin
 * approve the CSR and accept the cluster, and waits for the hub to accept it; returns a client that acts with the agent's signed certificate.
 */
export async function joinCluster(hub: Hub, cluster: string, spec: ManagedCluster['spec'] = {}): Promise<KubeClient> {
  const bootstrap = hub.clientFor({ token: hub.token });
  await bootstrap.resource<ManagedCluster>(managedClusterResource).create(newManagedCluster(cluster, spec));
  const csr = await createAgentCsr(bootstrap, cluster);
  await approveCsr(hub.admin, csr.name);
  const certPem = await issuedCertificate(hub.admin, csr.name);
  const clusters = hub.admin.resource<ManagedCluster>(managedClusterResource);
  await clusters.patch(cluster, { spec: { hubAcceptsClient: true } });
  // the agent's RBAC is in place once the hub reports the acceptance
  await eventually(async () => (await clusters.get(cluster)).status?.conditions?.some((c) => c.type === 'HubAcceptedManagedCluster' && c.status === 'True'), 20_000, `${cluster} accepted`);
  return hub.clientFor({ certPem, keyPem: csr.keyPem });
}

/** The HTTP code and Status message a rejected call failed with (throws when the call succeeded). */
export async function rejection(call: Promise<unknown>): Promise<{ code: number; message: string; reason: string }> {
  try {
    await call;
  } catch (err) {
    const e = err as { code?: number; status?: { message?: string; reason?: string } };
    return { code: e.code ?? 0, message: e.status?.message ?? String(err), reason: e.status?.reason ?? '' };
  }
  throw new Error('expected the call to be rejected, but it succeeded');
}
