// Whether a namespace exists and accepts new content, answered from memory: every namespaced create asks, and the
// answer changes only when the namespace object is written, which the store tells us synchronously.
import { namespaceIsTerminating } from '../lifecycle/namespace.ts';
import type { Store, Watcher } from '../storage/types.ts';

export type NamespaceState = 'missing' | 'open' | 'terminating';

export class NamespaceStates {
  private readonly store: Store;
  private readonly known = new Map<string, NamespaceState>();
  private readonly watcher: Watcher;

  constructor(store: Store) {
    this.store = store;
    this.watcher = store.watchAll((event) => {
      if (event.key.group === '' && event.key.resource === 'namespaces') this.known.delete(`${event.key.cluster}\u0000${event.key.name}`);
    });
  }

  state(cluster: string, namespace: string): NamespaceState {
    const id = `${cluster}\u0000${namespace}`;
    let state = this.known.get(id);
    if (state === undefined) {
      const stored = this.store.get({ cluster, group: '', resource: 'namespaces', namespace: '', name: namespace });
      state = !stored ? 'missing' : namespaceIsTerminating(this.store, cluster, namespace) ? 'terminating' : 'open';
      // missing namespaces are not remembered: a typo must not fill the map
      if (state !== 'missing') this.known.set(id, state);
    }
    return state;
  }

  /** Forgets a dropped virtual cluster's namespaces. */
  forgetCluster(cluster: string): void {
    for (const id of this.known.keys()) if (id.startsWith(`${cluster}\u0000`)) this.known.delete(id);
  }

  close(): void {
    this.watcher.stop();
  }
}
