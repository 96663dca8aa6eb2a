// An informer's store: objects by "namespace/name" (or "name"), with secondary indexes kept in step on every
// write. Built-in indexes: `namespace` and `label` (values "key=value"); controllers add their own.
import type { KubeObject } from './client.ts';
import { labelMatcher, labelSelectorRequirements, parseLabelSelector } from './selectors.ts';
import type { LabelSelector, Requirement } from './selectors.ts';

/** Maps an object to the index values it is found under. */
export type IndexFunc<T> = (obj: T) => string[];

export const NAMESPACE_INDEX = 'namespace';
export const LABEL_INDEX = 'label';

export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

export function keyOf(name: string, namespace?: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Splits a key back into namespace and name. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export interface ReplaceResult<T> {
  added: T[];
  updated: [T, T][];
  deleted: T[];
}

export interface ListQuery {
  namespace?: string;
  labelSelector?: string | LabelSelector;
}

export class IndexedCache<T extends KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    this.addIndexers({
      [NAMESPACE_INDEX]: (o) => (o.metadata?.namespace ? [o.metadata.namespace] : []),
      [LABEL_INDEX]: (o) => Object.entries(o.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`),
      ...indexers,
    });
  }

  get size(): number {
    return this.items.size;
  }

  /** Adds indexes (also over the objects already stored); an existing name is an error. */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) throw new Error(`index ${name} already exists`);
      this.indexers.set(name, fn);
      const index = new Map<string, Set<string>>();
      this.indexes.set(name, index);
      for (const [key, obj] of this.items) this.indexInto(index, fn, key, obj);
    }
  }

  hasIndex(name: string): boolean {
    return this.indexers.has(name);
  }

  get(name: string, namespace?: string): T | undefined {
    return this.items.get(keyOf(name, namespace));
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  /** Every object, or those in a namespace and/or matching a label selector. */
  list(query: ListQuery = {}): T[] {
    let candidates: Iterable<T>;
    let reqs: Requirement[] = [];
    if (query.labelSelector !== undefined) {
      reqs = typeof query.labelSelector === 'string' ? parseLabelSelector(query.labelSelector) : labelSelectorRequirements(query.labelSelector);
    }
    const equality = reqs.find((r) => r.operator === 'In' && r.values.length === 1);
    if (equality) candidates = this.byIndex(LABEL_INDEX, `${equality.key}=${equality.values[0]}`);
    else if (query.namespace !== undefined) candidates = this.byIndex(NAMESPACE_INDEX, query.namespace);
    else candidates = this.items.values();
    const matches = query.labelSelector !== undefined ? labelMatcher(query.labelSelector) : undefined;
    const out: T[] = [];
    for (const o of candidates) {
      if (query.namespace !== undefined && o.metadata?.namespace !== query.namespace) continue;
      if (matches && !matches(o.metadata?.labels)) continue;
      out.push(o);
    }
    return out;
  }

  byIndex(indexName: string, value: string): T[] {
    return this.indexKeys(indexName, value).map((k) => this.items.get(k)!);
  }

  indexKeys(indexName: string, value: string): string[] {
    const index = this.indexes.get(indexName);
    if (!index) throw new Error(`index ${indexName} does not exist (indexes: ${[...this.indexes.keys()].join(', ')})`);
    return [...(index.get(value) ?? [])];
  }

  /** Stores the object; returns the one it replaced. */
  upsert(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexers) this.indexInto(this.indexes.get(name)!, fn, key, obj);
    return old;
  }

  remove(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.items.delete(key);
    return old;
  }

  /** Makes the store hold exactly `objects` (a relist); reports what changed (same resourceVersion = unchanged). */
  replace(objects: T[]): ReplaceResult<T> {
    const result: ReplaceResult<T> = { added: [], updated: [], deleted: [] };
    const seen = new Set<string>();
    for (const obj of objects) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.upsert(obj);
      if (!old) result.added.push(obj);
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) result.updated.push([old, obj]);
    }
    for (const key of [...this.items.keys()]) {
      if (!seen.has(key)) result.deleted.push(this.remove(key)!);
    }
    return result;
  }

  private indexInto(index: Map<string, Set<string>>, fn: IndexFunc<T>, key: string, obj: T): void {
    for (const value of fn(obj)) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indexes.get(name)!;
      for (const value of fn(obj)) {
        const keys = index.get(value);
        if (!keys) continue;
        keys.delete(key);
        if (keys.size === 0) index.delete(value);
      }
    }
  }
}
