// data.inventory as Gatekeeper's sync cache exposes it to referential policies:
// namespace[<ns>][<apiVersion>][<kind>][<name>] for namespaced objects and
// cluster[<apiVersion>][<kind>][<name>] for cluster-scoped ones.
import type { KubeObject } from './review.ts';

export interface Inventory {
  cluster: Record<string, Record<string, Record<string, KubeObject>>>;
  namespace: Record<string, Record<string, Record<string, Record<string, KubeObject>>>>;
}

export function emptyInventory(): Inventory {
  return { cluster: {}, namespace: {} };
}

export function addToInventory(inv: Inventory, obj: KubeObject): void {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const name = obj.metadata?.name;
  if (!apiVersion || !kind || !name) {
    throw new Error(`inventory object needs apiVersion, kind and metadata.name (got ${apiVersion || '?'}/${kind || '?'}/${name ?? '?'})`);
  }
  const ns = obj.metadata?.namespace;
  const root: Record<string, Record<string, Record<string, KubeObject>>> = ns ? (inv.namespace[ns] ??= {}) : inv.cluster;
  const byKind = (root[apiVersion] ??= {});
  (byKind[kind] ??= {})[name] = obj;
}

export function inventoryOf(objects: KubeObject[]): Inventory {
  const inv = emptyInventory();
  for (const o of objects) {
    // A List carries its objects in items.
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      for (const item of o.items as KubeObject[]) addToInventory(inv, item);
    } else addToInventory(inv, o);
  }
  return inv;
}
