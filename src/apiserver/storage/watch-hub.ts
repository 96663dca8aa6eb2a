// In-memory fan-out of committed events to watchers, in commit order.
// Watchers are indexed by cluster/group/resource and then by namespace, so a write reaches only the
// watchers that can want it (1,000 watches on other namespaces cost nothing per write).
import type { ResourcePrefix, StoreEvent, Watcher } from './types.ts';

export interface Subscription extends Watcher {
  /** Events at or below this revision were already delivered (or predate the watch). */
  lastRevision: number;
  deliver(event: StoreEvent): void;
}

interface ResourceWatchers {
  all: Set<Subscription>;
  byNamespace: Map<string, Set<Subscription>>;
}

export function resourceId(cluster: string, group: string, resource: string): string {
  return `${cluster}\u0000${group}\u0000${resource}`;
}

export class WatchHub {
  private readonly byResource = new Map<string, ResourceWatchers>();
  private readonly everything = new Set<Subscription>();
  private readonly queue: StoreEvent[] = [];
  private dispatching = false;
  private readonly onError: (err: unknown) => void;

  constructor(onError: (err: unknown) => void) {
    this.onError = onError;
  }

  /** Registers a watcher; `prefix` undefined = every event of every cluster. Returns its unsubscribe. */
  add(prefix: ResourcePrefix | undefined, sub: Subscription): () => void {
    if (!prefix) {
      this.everything.add(sub);
      return () => this.everything.delete(sub);
    }
    const id = resourceId(prefix.cluster, prefix.group, prefix.resource);
    let entry = this.byResource.get(id);
    if (!entry) {
      entry = { all: new Set(), byNamespace: new Map() };
      this.byResource.set(id, entry);
    }
    const ns = prefix.namespace ?? '';
    let set = entry.all;
    if (ns !== '') {
      set = entry.byNamespace.get(ns) ?? new Set();
      entry.byNamespace.set(ns, set);
    }
    set.add(sub);
    const owner = entry;
    return () => {
      set.delete(sub);
      if (ns !== '' && set.size === 0) owner.byNamespace.delete(ns);
      if (owner.all.size === 0 && owner.byNamespace.size === 0) this.byResource.delete(id);
    };
  }

  /** Delivers an event now; an event published from inside a watcher callback (a nested write) is queued
   *  behind the current one so every watcher still sees events in revision order. */
  publish(event: StoreEvent): void {
    this.queue.push(event);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let i = 0; i < this.queue.length; i++) this.dispatch(this.queue[i]);
    } finally {
      this.queue.length = 0;
      this.dispatching = false;
    }
  }

  private dispatch(event: StoreEvent): void {
    const k = event.key;
    const entry = this.byResource.get(resourceId(k.cluster, k.group, k.resource));
    if (entry) {
      this.deliverTo(entry.all, event);
      const nsSet = k.namespace === '' ? undefined : entry.byNamespace.get(k.namespace);
      if (nsSet) this.deliverTo(nsSet, event);
    }
    if (this.everything.size > 0) this.deliverTo(this.everything, event);
  }

  private deliverTo(set: Set<Subscription>, event: StoreEvent): void {
    for (const sub of set) {
      if (event.revision <= sub.lastRevision) continue;
      sub.lastRevision = event.revision;
      try {
        sub.deliver(event);
      } catch (err) {
        // The write is already committed; a failing consumer loses its watch, not the writer's request.
        sub.stop();
        this.onError(err);
      }
    }
  }
}
