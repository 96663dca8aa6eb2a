// Leader election on a coordination.k8s.io/v1 Lease, with client-go's rules: a candidate takes the lease when it
// is absent, released (no holder) or not renewed for leaseDurationSeconds as measured on the candidate's own
// clock since it last saw the lease change (so clock skew between processes does not matter); the leader
// renews every retry period and gives up if it cannot renew within the renew deadline; a graceful stop
// releases the lease so a successor takes over at once. Writes carry the resourceVersion, so two candidates
// can never both win the same round.
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { KubeClient, ResourceClient } from './client.ts';
import { errorText } from './controller.ts';
import { isConflict } from './errors.ts';
import { leaseResource, microTime } from './resources.ts';
import type { Lease } from './resources.ts';

export interface LeaderElectionOptions {
  client: KubeClient;
  namespace: string;
  name: string;
  /** Unique per process, e.g. `${hostname}_${uuid}`. */
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Clear the holder on stop() so a successor need not wait for expiry (default true). */
  releaseOnStop?: boolean;
  /** Runs when this process becomes leader; the signal aborts when leadership ends. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  onStoppedLeading?(): void;
  /** Called when the observed holder changes (including to this process). */
  onNewLeader?(identity: string): void;
  logger?: Logger;
}

export class LeaderElector {
  private readonly o: Required<Omit<LeaderElectionOptions, 'onNewLeader' | 'onStoppedLeading' | 'logger'>> & LeaderElectionOptions;
  private readonly leases: ResourceClient<Lease>;
  private readonly logger: Logger;
  private readonly stopSignal = new AbortController();
  private observed: { holder?: string; renewTime?: string; resourceVersion?: string } | undefined;
  private observedAt = 0;
  private lease: Lease | undefined;
  private leader = false;
  private running: Promise<void> | undefined;
  private renewing: Promise<boolean> | undefined;

  constructor(options: LeaderElectionOptions) {
    const leaseDurationMs = options.leaseDurationMs ?? 15_000;
    const renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    const retryPeriodMs = options.retryPeriodMs ?? 2_000;
    if (!(leaseDurationMs > renewDeadlineMs && renewDeadlineMs > retryPeriodMs && retryPeriodMs > 0)) {
      throw new Error(`leader election ${options.namespace}/${options.name}: need leaseDurationMs > renewDeadlineMs > retryPeriodMs > 0`);
    }
    if (!options.identity) throw new Error(`leader election ${options.namespace}/${options.name}: identity must not be empty`);
    this.o = { releaseOnStop: true, ...options, leaseDurationMs, renewDeadlineMs, retryPeriodMs };
    this.leases = options.client.resource<Lease>(leaseResource);
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ lease: `${options.namespace}/${options.name}`, identity: options.identity });
  }

  isLeader(): boolean {
    return this.leader;
  }

  /** The holder last observed (undefined when none). */
  currentLeader(): string | undefined {
    return this.observed?.holder;
  }

  /** Campaigns, leads until stopped or the lease is lost, then resolves. Call once. */
  run(): Promise<void> {
    this.running ??= this.campaign();
    return this.running;
  }

  /** Stops campaigning or leading; releases the lease when held. */
  async stop(): Promise<void> {
    this.stopSignal.abort();
    await this.running;
  }

  private get stopped(): boolean {
    return this.stopSignal.signal.aborted;
  }

  private async campaign(): Promise<void> {
    while (!this.stopped && !(await this.tryAcquireOrRenew())) await this.pause(this.jittered());
    if (this.stopped) return;
    this.leader = true;
    this.logger.info('became leader');
    const leading = new AbortController();
    Promise.resolve()
      .then(() => this.o.onStartedLeading(leading.signal))
      .catch((err: unknown) => this.logger.error({ err: errorText(err) }, 'onStartedLeading failed'));
    let lastRenew = Date.now();
    while (!this.stopped) {
      await this.pause(this.o.retryPeriodMs);
      if (this.stopped) break;
      // a hung request must not keep a leader that can no longer renew past its deadline
      const budget = Math.max(0, lastRenew + this.o.renewDeadlineMs - Date.now());
      this.renewing = this.tryAcquireOrRenew();
      const renewed = await Promise.race([this.renewing, sleep(budget, false, { signal: this.stopSignal.signal }).catch(() => false)]);
      if (renewed) {
        lastRenew = Date.now();
      } else if (Date.now() - lastRenew > this.o.renewDeadlineMs) {
        this.logger.warn('could not renew the lease within the renew deadline; stepping down');
        break;
      }
    }
    this.leader = false;
    leading.abort();
    if (this.stopped && this.o.releaseOnStop) await this.release();
    this.o.onStoppedLeading?.();
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    const { namespace, name, identity } = this.o;
    const leaseDurationSeconds = Math.max(1, Math.round(this.o.leaseDurationMs / 1000));
    try {
      const current = await this.leases.getOrUndefined(name, namespace);
      if (!current) {
        const created = await this.leases.create({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec: { holderIdentity: identity, leaseDurationSeconds, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 },
        });
        this.observe(created);
        return true;
      }
      this.observe(current);
      const spec = current.spec ?? {};
      const holder = spec.holderIdentity ?? undefined;
      const durationMs = (spec.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
      if (holder && holder !== identity && performance.now() < this.observedAt + durationMs) return false;
      const taking = holder !== identity;
      const next: Lease = {
        ...current,
        spec: {
          ...spec,
          holderIdentity: identity,
          leaseDurationSeconds,
          renewTime: microTime(now),
          acquireTime: taking ? microTime(now) : spec.acquireTime,
          leaseTransitions: (spec.leaseTransitions ?? 0) + (taking ? 1 : 0),
        },
      };
      this.observe(await this.leases.update(next));
      return true;
    } catch (err) {
      if (isConflict(err)) this.logger.debug('lost a race for the lease');
      else this.logger.warn({ err: errorText(err) }, 'lease read/write failed');
      return false;
    }
  }

  /**
   * Gives the lease up so a successor need not wait for it to expire. A renewal still in flight
   * when stop() came may land first and make our copy stale, so a conflict re-reads and retries.
   */
  private async release(): Promise<void> {
    // a hung renewal must not hold stop() up for longer than a renewal may take
    if (this.renewing) await Promise.race([this.renewing, sleep(this.o.renewDeadlineMs, undefined, { ref: false })]);
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = attempt === 0 ? this.lease : await this.leases.getOrUndefined(this.o.name, this.o.namespace).catch(() => undefined);
      if (!current || current.spec?.holderIdentity !== this.o.identity) return;
      const now = microTime();
      const spec = { ...current.spec, leaseDurationSeconds: 1, renewTime: now, acquireTime: now };
      delete spec.holderIdentity;
      try {
        this.observe(await this.leases.update({ ...current, spec }));
        this.logger.info('released the lease');
        return;
      } catch (err) {
        if (isConflict(err)) continue;
        this.logger.warn({ err: errorText(err) }, 'could not release the lease; successors wait for it to expire');
        return;
      }
    }
    this.logger.warn('could not release the lease (it kept changing); successors wait for it to expire');
  }

  private observe(lease: Lease): void {
    this.lease = lease;
    const seen = { holder: lease.spec?.holderIdentity ?? undefined, renewTime: lease.spec?.renewTime ?? undefined, resourceVersion: lease.metadata.resourceVersion };
    const o = this.observed;
    if (o && o.holder === seen.holder && o.renewTime === seen.renewTime && o.resourceVersion === seen.resourceVersion) return;
    const holderChanged = o?.holder !== seen.holder;
    this.observed = seen;
    this.observedAt = performance.now();
    if (holderChanged && seen.holder) this.o.onNewLeader?.(seen.holder);
  }

  private jittered(): number {
    return this.o.retryPeriodMs * (1 + Math.random() * 0.2);
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.stopSignal.signal }).catch(() => undefined);
  }
}
