// The agent's writes to the hub during registration: its ManagedCluster (created once, with the bootstrap
// identity) and CertificateSigningRequests (first with the bootstrap identity, renewals with its own certificate).
import type { ManagedCluster } from '../../api/index.ts';
import { LABEL_CLUSTER_NAME, managedClusterResource } from '../../api/index.ts';
import type { KubeClient } from '../../kube/index.ts';
import { csrResource, isAlreadyExists } from '../../kube/index.ts';
import type { CertificateRequest } from './credentials.ts';
import { CheckFailed, waitForObject } from './wait.ts';

export const CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';

export interface Csr {
  apiVersion?: 'certificates.k8s.io/v1';
  kind?: 'CertificateSigningRequest';
  metadata: { name?: string; generateName?: string; labels?: Record<string, string>; resourceVersion?: string };
  spec: { request: string; signerName: string; usages: string[]; expirationSeconds?: number; username?: string };
  status?: { certificate?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

export interface ClusterRegistration {
  clusterName: string;
  leaseDurationSeconds: number;
  clientConfigs: { url: string; caBundle?: string }[];
}

/** Creates ManagedCluster/<name> unless it exists (an existing one is left as the hub admin shaped it). */
export async function ensureManagedCluster(hub: KubeClient, reg: ClusterRegistration): Promise<'created' | 'exists'> {
  const clusters = hub.resource<ManagedCluster>(managedClusterResource);
  if (await clusters.getOrUndefined(reg.clusterName)) return 'exists';
  try {
    await clusters.create({
      apiVersion: 'cluster.open-cluster-management.io/v1',
      kind: 'ManagedCluster',
      metadata: { name: reg.clusterName },
      spec: { hubAcceptsClient: false, leaseDurationSeconds: reg.leaseDurationSeconds, managedClusterClientConfigs: reg.clientConfigs },
    });
    return 'created';
  } catch (err) {
    if (isAlreadyExists(err)) return 'exists';
    throw err;
  }
}

/** Upstream's threshold: no new CSR while this many of the cluster's CSRs still wait for a decision. */
export const MAX_PENDING_CSRS = 10;

/** How many of the cluster's CSRs are neither approved, denied nor failed. */
export async function pendingCsrCount(hub: KubeClient, clusterName: string): Promise<number> {
  const list = await hub.resource<Csr>(csrResource).list({ labelSelector: `${LABEL_CLUSTER_NAME}=${clusterName}` });
  return list.items.filter((csr) => !csr.status?.conditions?.some((c) => ['Approved', 'Denied', 'Failed'].includes(c.type) && c.status !== 'False')).length;
}

export async function submitCsr(hub: KubeClient, clusterName: string, req: CertificateRequest, expirationSeconds?: number): Promise<string> {
  const created = await hub.resource<Csr>(csrResource).create({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { generateName: `${clusterName}-`, labels: { [LABEL_CLUSTER_NAME]: clusterName } },
    spec: {
      request: req.request,
      signerName: CLIENT_SIGNER,
      usages: ['digital signature', 'key encipherment', 'client auth'],
      ...(expirationSeconds !== undefined ? { expirationSeconds } : {}),
    },
  });
  const name = created.metadata.name;
  if (!name) throw new Error(`CertificateSigningRequest for cluster ${clusterName}: the hub returned no name`);
  return name;
}

export class CsrDenied extends Error {}

/** The issued certificate (PEM) of CSR `name`; rejects with CsrDenied when it is denied, failed or deleted. */
export function waitForCertificate(hub: KubeClient, name: string, signal: AbortSignal, onError?: (err: unknown) => void): Promise<string> {
  return waitForObject(
    hub.resource<Csr>(csrResource),
    name,
    (csr) => {
      if (!csr) throw new CheckFailed(new CsrDenied(`CertificateSigningRequest ${name} was deleted before it was signed`));
      const bad = csr.status?.conditions?.find((c) => (c.type === 'Denied' || c.type === 'Failed') && c.status !== 'False');
      if (bad) throw new CheckFailed(new CsrDenied(`CertificateSigningRequest ${name} was ${bad.type.toLowerCase()}: ${bad.message ?? bad.reason ?? ''}`.trim()));
      const cert = csr.status?.certificate;
      return cert ? Buffer.from(cert, 'base64').toString('utf8') : undefined;
    },
    signal,
    { onError },
  );
}
