// The registered agent's loop, with its signed certificate: wait for acceptance, renew the hub Lease every
// leaseDurationSeconds, report status, and rotate the certificate in the background before it runs out (the old
// certificate keeps the heartbeat going until the new one is stored). Returns when the credentials are no good.
import type { Logger } from 'pino';
import type { ManagedCluster } from '../../api/index.ts';
import { ManagedClusterConditionType, managedClusterResource } from '../../api/index.ts';
import type { Lease } from '../../kube/index.ts';
import { KubeApiError, KubeClient, isConditionTrue, isConflict, isNotFound, leaseResource, microTime } from '../../kube/index.ts';
import type { Condition } from '../../kube/index.ts';
import type { CertificateInfo } from './credentials.ts';
import { certificateInfo, createCertificateRequest, isExpired, rotationDeadline, rotationThreshold } from './credentials.ts';
import type { HubEndpoint } from './kubeconfigs.ts';
import { hubKubeConfig, parseKubeConfig, serializeKubeConfig } from './kubeconfigs.ts';
import type { AgentSecrets } from './secrets.ts';
import { CsrDenied, submitCsr, waitForCertificate } from './hub-requests.ts';
import { StatusReporter } from './status.ts';
import { OwnClusterWatch } from './cluster-watch.ts';
import { sleep, waitForObject } from './wait.ts';

export const HUB_LEASE_NAME = 'managed-cluster-lease';
/** Consecutive 401s from the hub after which the certificate is given up and the agent bootstraps again. */
const UNAUTHORIZED_LIMIT = 3;

export interface RegisteredContext {
  clusterName: string;
  agentName: string;
  endpoint: HubEndpoint;
  secrets: AgentSecrets;
  managed: KubeClient;
  bootstrap: () => KubeClient;
  status: StatusReporter;
  defaultLeaseSeconds: number;
  clientCertExpirationSeconds?: number;
  logger: Logger;
  signal: AbortSignal;
  /** Called on every successful lease renewal (tests and benchmarks watch heartbeats through it). */
  onHeartbeat?: () => void;
}

export type Outcome = 'rebootstrap' | 'stopped';

export class RegisteredAgent {
  private readonly ctx: RegisteredContext;
  private hub: KubeClient;
  private cert: CertificateInfo;
  private readonly threshold = rotationThreshold();
  private rotating: Promise<void> | undefined;
  private lease: Lease | undefined;
  private unauthorized = 0;
  private forbidden = 0;
  private bootstrapClient: KubeClient | undefined;
  private readonly watch: OwnClusterWatch;

  constructor(ctx: RegisteredContext, kubeconfig: string, cert: CertificateInfo) {
    this.ctx = ctx;
    this.hub = new KubeClient(parseKubeConfig(kubeconfig, `Secret ${ctx.secrets.namespace}/hub-kubeconfig-secret`));
    this.cert = cert;
    this.watch = new OwnClusterWatch(ctx.clusterName, () => this.hub, ctx.signal);
  }

  async run(): Promise<Outcome> {
    const { signal, logger } = this.ctx;
    try {
      while (!signal.aborted) {
        if (isExpired(this.cert)) {
          logger.warn({ notAfter: this.cert.notAfter }, 'hub client certificate expired; bootstrapping again');
          return 'rebootstrap';
        }
        this.maybeRotate();
        let mc: ManagedCluster | undefined;
        try {
          mc = this.watch.current() ?? (await this.hub.resource<ManagedCluster>(managedClusterResource).get(this.ctx.clusterName));
          this.unauthorized = 0;
        } catch (err) {
          const next = await this.onHubError(err);
          if (next) return next;
          continue;
        }
        if (!mc.spec?.hubAcceptsClient) {
          logger.info('waiting for the hub to accept the cluster');
          await this.waitForAcceptance();
          continue;
        }
        const leaseSeconds = mc.spec.leaseDurationSeconds || this.ctx.defaultLeaseSeconds || 60;
        try {
          await this.renewLease(leaseSeconds);
          const written = await this.ctx.status.sync(this.hub, mc, leaseSeconds);
          if (written) this.watch.observe(written);
          this.watch.start(); // accepted and allowed to read its cluster: from now on a watch keeps it current
          this.forbidden = 0;
        } catch (err) {
          const next = await this.onHubError(err);
          if (next) return next;
          continue;
        }
        await sleep(this.nextTickMs(leaseSeconds), signal);
      }
      return 'stopped';
    } finally {
      await this.rotating;
      this.hub.close();
      this.bootstrapClient?.close();
      await this.watch.stopped();
    }
  }

  /** What to do after a failed hub call: rebootstrap, or nothing (after a pause) and try again. */
  private async onHubError(err: unknown): Promise<Outcome | undefined> {
    const { signal, logger } = this.ctx;
    if (signal.aborted) return 'stopped';
    let pauseMs = 500 + Math.random() * 500;
    if (err instanceof KubeApiError && err.code === 401) {
      if (++this.unauthorized >= UNAUTHORIZED_LIMIT) {
        logger.warn('the hub rejects the client certificate; bootstrapping again');
        return 'rebootstrap';
      }
    } else if (err instanceof KubeApiError && err.code === 403) {
      // not accepted yet (the hub has not granted the RBAC), or acceptance revoked: ask as the bootstrap identity,
      // and wait on a watch rather than polling (a thousand agents polling slow the hub that is granting them)
      try {
        const mc = await this.bootstrap().resource<ManagedCluster>(managedClusterResource).getOrUndefined(this.ctx.clusterName);
        if (!mc) {
          logger.warn('the ManagedCluster is gone from the hub; registering again');
          return 'rebootstrap';
        }
        await this.waitForAcceptance();
      } catch (bootErr) {
        if (signal.aborted) return 'stopped';
        logger.debug({ err: bootErr }, 'bootstrap identity cannot read the ManagedCluster');
      }
      // accepted, yet still forbidden: the RBAC is on its way; back off in case it takes a while
      pauseMs = Math.min(250 * 2 ** this.forbidden++, 15_000) * (0.5 + Math.random());
    } else if (!isConflict(err)) {
      logger.warn({ err }, 'hub request failed; retrying');
    }
    await sleep(pauseMs, signal);
    return undefined;
  }

  private bootstrap(): KubeClient {
    return (this.bootstrapClient ??= this.ctx.bootstrap());
  }

  /** Until the hub accepts the cluster and says so (HubAcceptedManagedCluster=True comes after its RBAC). */
  private async waitForAcceptance(): Promise<void> {
    const accepted = (mc: ManagedCluster | undefined): true | undefined =>
      mc?.spec?.hubAcceptsClient && isConditionTrue(mc.status?.conditions as Condition[] | undefined, ManagedClusterConditionType.HubAccepted) ? true : undefined;
    try {
      await waitForObject(this.bootstrap().resource<ManagedCluster>(managedClusterResource), this.ctx.clusterName, accepted, this.ctx.signal, {
        onError: (err) => this.ctx.logger.debug({ err }, 'watching the ManagedCluster for acceptance failed; retrying'),
      });
    } catch (err) {
      if (!this.ctx.signal.aborted) throw err;
    }
  }

  /** Updates spec.renewTime of Lease <cluster>/managed-cluster-lease (the hub creates it on acceptance). */
  private async renewLease(leaseSeconds: number): Promise<void> {
    const leases = this.hub.resource<Lease>(leaseResource);
    for (let attempt = 0; attempt < 3; attempt++) {
      this.lease ??= await leases.getOrUndefined(HUB_LEASE_NAME, this.ctx.clusterName);
      if (!this.lease) {
        this.ctx.logger.debug('hub lease not created yet');
        return;
      }
      const next: Lease = { ...this.lease, spec: { ...this.lease.spec, renewTime: microTime(), leaseDurationSeconds: leaseSeconds } };
      try {
        this.lease = await leases.update(next);
        this.ctx.onHeartbeat?.();
        return;
      } catch (err) {
        this.lease = undefined;
        if (!(isConflict(err) || isNotFound(err))) throw err;
      }
    }
  }

  private nextTickMs(leaseSeconds: number): number {
    const untilRotation = rotationDeadline(this.cert, this.threshold).getTime() - Date.now();
    const tick = leaseSeconds * 1000;
    return Math.max(50, this.rotating || untilRotation <= 0 ? tick : Math.min(tick, untilRotation));
  }

  private maybeRotate(): void {
    if (this.rotating || Date.now() < rotationDeadline(this.cert, this.threshold).getTime()) return;
    this.rotating = this.rotate().finally(() => {
      this.rotating = undefined;
    });
  }

  /** A renewal CSR signed with the current certificate (the hub approves renewals itself), then a swap of clients. */
  private async rotate(): Promise<void> {
    const { clusterName, agentName, logger, signal } = this.ctx;
    try {
      const req = await createCertificateRequest(clusterName, agentName);
      const name = await submitCsr(this.hub, clusterName, req, this.ctx.clientCertExpirationSeconds);
      logger.info({ csr: name }, 'rotating the hub client certificate');
      const certPem = await waitForCertificate(this.hub, name, signal, (err) => logger.debug({ err }, 'waiting for the renewal CSR failed; retrying'));
      const info = certificateInfo(certPem);
      if (!info) throw new Error(`CertificateSigningRequest ${name}: status.certificate is not a PEM certificate`);
      const kubeconfig = serializeKubeConfig(hubKubeConfig(this.ctx.endpoint, certPem, req.keyPem));
      await this.ctx.secrets.writeHub({ kubeconfig, certPem, keyPem: req.keyPem, clusterName, agentName });
      const old = this.hub;
      this.hub = new KubeClient(parseKubeConfig(kubeconfig, 'rotated hub kubeconfig'));
      this.cert = info;
      this.lease = undefined;
      setTimeout(() => old.close(), 5_000).unref();
      logger.info({ csr: name, notAfter: info.notAfter }, 'hub client certificate rotated');
    } catch (err) {
      if (signal.aborted) return;
      logger.warn({ err }, err instanceof CsrDenied ? 'renewal CSR refused' : 'certificate rotation failed; retrying');
      await sleep(5_000, signal);
    }
  }
}
