// The resources one virtual cluster serves: the built-ins plus the kinds of its CRDs. Rebuilt lazily after any CRD
// write in that cluster, so a CRD's kinds are served the moment it is stored.
import type { Store } from '../storage/types.ts';
import { BUILTIN_RESOURCES, REVIEW_RESOURCES } from './builtins.ts';
import { CRD_GROUP, CRD_RESOURCE, compareVersions, resourcesOfCrd } from './crd.ts';
import type { ServedResource } from './types.ts';

export interface GroupVersions {
  group: string;
  /** Served versions, preferred first. */
  versions: string[];
}

interface Snapshot {
  all: ServedResource[];
  byPath: Map<string, ServedResource>;
  groups: GroupVersions[];
}

const pathKey = (group: string, version: string, plural: string): string => `${group}/${version}/${plural}`;

function build(resources: ServedResource[]): Snapshot {
  const byPath = new Map<string, ServedResource>();
  const versions = new Map<string, Set<string>>();
  const preferred = new Map<string, string>();
  for (const r of resources) {
    const key = pathKey(r.group, r.version, r.plural);
    if (byPath.has(key)) continue; // a built-in wins over a CRD claiming the same name
    byPath.set(key, r);
    if (!versions.has(r.group)) versions.set(r.group, new Set());
    versions.get(r.group)!.add(r.version);
    if (r.preferredVersion && !preferred.has(r.group)) preferred.set(r.group, r.version);
  }
  const groups: GroupVersions[] = [];
  for (const [group, set] of versions) {
    const list = [...set].sort(compareVersions);
    const pref = preferred.get(group);
    if (pref) list.sort((a, b) => (a === pref ? -1 : b === pref ? 1 : 0));
    groups.push({ group, versions: list });
  }
  // core first, then built-in groups in table order, then CRD groups by name (kube lists aggregated groups last too)
  return { all: [...byPath.values()], byPath, groups };
}

export class ClusterCatalog {
  readonly cluster: string;
  private readonly store: Store;
  private snapshot: Snapshot | undefined;

  constructor(store: Store, cluster: string) {
    this.store = store;
    this.cluster = cluster;
  }

  /** Forgets the cached catalog; the next lookup re-reads this cluster's CRDs. */
  invalidate(): void {
    this.snapshot = undefined;
  }

  private current(): Snapshot {
    if (!this.snapshot) {
      const crds = this.store.list({ cluster: this.cluster, group: CRD_GROUP, resource: CRD_RESOURCE }).items;
      const custom = crds
        .map((item) => JSON.parse(item.json) as Record<string, unknown>)
        .sort((a, b) => String((a.spec as Record<string, unknown>)?.group).localeCompare(String((b.spec as Record<string, unknown>)?.group)))
        .flatMap(resourcesOfCrd);
      this.snapshot = build([...BUILTIN_RESOURCES, ...REVIEW_RESOURCES, ...custom]);
    }
    return this.snapshot;
  }

  resources(): ServedResource[] {
    return this.current().all;
  }

  lookup(group: string, version: string, plural: string): ServedResource | undefined {
    return this.current().byPath.get(pathKey(group, version, plural));
  }

  groups(): GroupVersions[] {
    return this.current().groups;
  }

  resourcesOf(group: string, version: string): ServedResource[] {
    return this.current().all.filter((r) => r.group === group && r.version === version);
  }

  /** Whether a group/version is served at all (for 404 vs empty discovery answers). */
  hasGroupVersion(group: string, version?: string): boolean {
    const g = this.current().groups.find((x) => x.group === group);
    return !!g && (version === undefined || g.versions.includes(version));
  }

  /** True for review kinds that are computed per request and never stored. */
  static isReview(r: ServedResource): boolean {
    return REVIEW_RESOURCES.some((x) => x.group === r.group && x.plural === r.plural);
  }
}
