// The registered agent's view of its own ManagedCluster: one read, then a watch by name, so heartbeats need not
// read it again. Errors (403 before the RBAC exists, a broken connection, 410) lead to a fresh read after a backoff;
// while the view is not current, `current()` answers undefined and the caller reads the object itself.
import type { ManagedCluster } from '../../api/index.ts';
import { managedClusterResource } from '../../api/index.ts';
import type { KubeClient } from '../../kube/index.ts';
import { sleep } from './wait.ts';

export class OwnClusterWatch {
  private readonly clusterName: string;
  private readonly client: () => KubeClient;
  private readonly signal: AbortSignal;
  private latest: ManagedCluster | undefined;
  private live = false;
  private running: Promise<void> | undefined;

  /** `client` is asked for the current hub client before every read, so a rotated certificate is picked up. */
  constructor(clusterName: string, client: () => KubeClient, signal: AbortSignal) {
    this.clusterName = clusterName;
    this.client = client;
    this.signal = signal;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** The ManagedCluster as last seen by the watch, when the watch is current. */
  current(): ManagedCluster | undefined {
    return this.live ? this.latest : undefined;
  }

  /** Remembers what the agent itself just wrote (the watch event follows). */
  observe(mc: ManagedCluster): void {
    const seen = Number(this.latest?.metadata.resourceVersion ?? 0);
    const next = Number(mc.metadata.resourceVersion ?? 0);
    if (!this.latest || !(seen > next)) this.latest = mc;
  }

  async stopped(): Promise<void> {
    await this.running;
  }

  private async loop(): Promise<void> {
    for (let delay = 1000; !this.signal.aborted; ) {
      const resource = this.client().resource<ManagedCluster>(managedClusterResource);
      try {
        const mc = await resource.get(this.clusterName);
        this.latest = mc;
        this.live = true;
        delay = 1000;
        let expired = false;
        await resource.watch(
          { fieldSelector: `metadata.name=${this.clusterName}`, resourceVersion: mc.metadata.resourceVersion, allowWatchBookmarks: true, signal: this.signal },
          (event) => {
            if (event.type === 'ADDED' || event.type === 'MODIFIED') this.observe(event.object);
            else if (event.type === 'DELETED') this.live = false;
            else if (event.type === 'ERROR') expired = true;
          },
        );
        this.live = false;
        if (!expired) continue; // the server ended the stream: read and watch again at once
      } catch {
        this.live = false;
        if (this.signal.aborted) return;
      }
      await sleep(delay * (0.5 + Math.random()), this.signal);
      delay = Math.min(delay * 2, 30_000);
    }
    this.live = false;
  }
}
