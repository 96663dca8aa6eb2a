// Virtual clusters: the hub ('') and named managed clusters served under /clusters/NAME. Each has its own objects
// (the storage key's `cluster`), its own CRDs and therefore its own catalog. The list of names persists in
// DATA/clusters.json; removing a cluster drops its data.
import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { badRequest } from '../errors.ts';
import type { Store, Watcher } from '../storage/types.ts';
import { isDns1123Label } from '../validation.ts';
import { ClusterCatalog } from './catalog.ts';
import { CRD_GROUP, CRD_RESOURCE } from './crd.ts';

export const HUB = '';
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const FILE = 'clusters.json';

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

export class VirtualClusters {
  private readonly store: Store;
  private readonly dataDir: string;
  private readonly catalogs = new Map<string, ClusterCatalog>();
  private readonly crdWatch: Watcher;
  /** Serializes writes of clusters.json. */
  private saving: Promise<void> = Promise.resolve();

  private constructor(store: Store, dataDir: string) {
    this.store = store;
    this.dataDir = dataDir;
    // any CRD write invalidates that cluster's catalog, so new kinds are served at once
    this.crdWatch = store.watchAll((event) => {
      if (event.key.group === CRD_GROUP && event.key.resource === CRD_RESOURCE) this.catalogs.get(event.key.cluster)?.invalidate();
    });
  }

  static async open(store: Store, dataDir: string, initial: string[] = []): Promise<VirtualClusters> {
    const set = new VirtualClusters(store, dataDir);
    let saved: string[] = [];
    try {
      saved = JSON.parse(await readFile(join(dataDir, FILE), 'utf8')) as string[];
    } catch {
      saved = [];
    }
    set.register(HUB);
    for (const name of saved) set.register(name);
    for (const name of initial) if (!set.catalogs.has(name)) set.add(name);
    await set.saving;
    return set;
  }

  /** Managed cluster names (the hub excluded), in the order they were added. */
  names(): string[] {
    return [...this.catalogs.keys()].filter((n) => n !== HUB);
  }

  has(name: string): boolean {
    return this.catalogs.has(name);
  }

  catalog(name: string): ClusterCatalog | undefined {
    return this.catalogs.get(name);
  }

  static validateName(name: string): void {
    const problems = isDns1123Label(name);
    if (name === '' || problems.length > 0) {
      throw badRequest(`invalid virtual cluster name ${JSON.stringify(name)}: ${problems.join('; ') || 'must not be empty'}`);
    }
    if (name === 'hub') throw badRequest('invalid virtual cluster name "hub": the kubeconfig context "hub" is the hub itself');
  }

  /** Adds a managed cluster (no-op when it exists). Returns false when it already existed. */
  add(name: string): boolean {
    VirtualClusters.validateName(name);
    if (this.catalogs.has(name)) return false;
    this.register(name);
    this.persist();
    return true;
  }

  remove(name: string): boolean {
    VirtualClusters.validateName(name);
    if (!this.catalogs.has(name)) return false;
    this.catalogs.delete(name);
    this.store.dropCluster(name);
    this.persist();
    return true;
  }

  /** Resolves when the cluster list on disk reflects every add/remove so far. */
  flushed(): Promise<void> {
    return this.saving;
  }

  close(): void {
    this.crdWatch.stop();
  }

  private register(name: string): void {
    this.catalogs.set(name, new ClusterCatalog(this.store, name));
    this.ensureSystemNamespaces(name);
  }

  private ensureSystemNamespaces(cluster: string): void {
    for (const ns of SYSTEM_NAMESPACES) {
      const key = { cluster, group: '', resource: 'namespaces', namespace: '', name: ns };
      if (this.store.get(key)) continue;
      this.store.create(key, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, uid: randomUUID(), creationTimestamp: now(), labels: { 'kubernetes.io/metadata.name': ns } },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
    }
  }

  private persist(): void {
    const names = this.names();
    const path = join(this.dataDir, FILE);
    this.saving = this.saving.then(async () => {
      const tmp = `${path}.tmp`;
      await writeFile(tmp, `${JSON.stringify(names)}\n`);
      await rename(tmp, path);
    });
  }
}
