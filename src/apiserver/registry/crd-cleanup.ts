// Deleting a CRD deletes its objects: a CRD carries the customresourcecleanup finalizer; once it is marked for deletion
// this controller deletes every object of its kind in that virtual cluster and then drops the finalizer, which lets
// the CRD itself go (and its kinds leave discovery).
import type { Logger } from 'pino';
import { persistDelete, persistUpdate } from '../http/lifecycle-glue.ts';
import type { Store, Watcher } from '../storage/types.ts';
import { CRD_CLEANUP_FINALIZER, CRD_GROUP, CRD_RESOURCE } from './crd.ts';

type Obj = Record<string, unknown>;

const RETRY_MS = 500;

export class CrdCleanup {
  private readonly store: Store;
  private readonly logger: Logger;
  private readonly watcher: Watcher;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(store: Store, logger: Logger, clusters: () => string[]) {
    this.store = store;
    this.logger = logger;
    this.watcher = store.watchAll((event) => {
      if (event.key.group !== CRD_GROUP || event.key.resource !== CRD_RESOURCE || event.type === 'DELETED') return;
      this.schedule(event.key.cluster, event.key.name, 0);
    });
    for (const cluster of clusters()) {
      for (const item of store.list({ cluster, group: CRD_GROUP, resource: CRD_RESOURCE }).items) {
        this.schedule(cluster, item.key.name, 0);
      }
    }
  }

  close(): void {
    this.closed = true;
    this.watcher.stop();
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  private schedule(cluster: string, name: string, delay: number): void {
    const id = `${cluster}/${name}`;
    if (this.closed || this.pending.has(id)) return;
    const timer = setTimeout(() => {
      this.pending.delete(id);
      try {
        if (!this.step(cluster, name)) this.schedule(cluster, name, RETRY_MS);
      } catch (err) {
        this.logger.warn({ err, cluster, crd: name }, 'CRD cleanup failed; retrying');
        this.schedule(cluster, name, RETRY_MS);
      }
    }, delay);
    timer.unref();
    this.pending.set(id, timer);
  }

  /** One pass; true when there is nothing left to do for this CRD. */
  private step(cluster: string, name: string): boolean {
    const key = { cluster, group: CRD_GROUP, resource: CRD_RESOURCE, namespace: '', name };
    const stored = this.store.get(key);
    if (!stored) return true;
    const crd = JSON.parse(stored.json) as Obj;
    const meta = (crd.metadata ?? {}) as Obj;
    const finalizers = Array.isArray(meta.finalizers) ? (meta.finalizers as string[]) : [];
    if (meta.deletionTimestamp === undefined || !finalizers.includes(CRD_CLEANUP_FINALIZER)) return true;
    const spec = (crd.spec ?? {}) as Obj;
    const plural = String((spec.names as Obj | undefined)?.plural ?? '');
    const prefix = { cluster, group: String(spec.group ?? ''), resource: plural };
    if (plural) {
      for (const item of this.store.list(prefix).items) {
        const itemMeta = (JSON.parse(item.json) as Obj).metadata as Obj;
        if (itemMeta.deletionTimestamp !== undefined) continue; // waiting for its own finalizers
        try {
          persistDelete(this.store, item.key, { propagationPolicy: 'Background', dryRun: false });
        } catch (err) {
          this.logger.debug({ err, cluster, name: item.key.name }, 'custom resource already gone');
        }
      }
      if (this.store.count(prefix) > 0) return false;
    }
    meta.finalizers = finalizers.filter((f) => f !== CRD_CLEANUP_FINALIZER);
    persistUpdate(this.store, key, crd, stored.revision);
    return true;
  }
}
