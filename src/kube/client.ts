// Typed access to any resource addressed by {group, version, plural, namespaced} (the generated `…Resource`
// constants of src/api, or the built-ins in ./resources.ts): get/list/create/update/patch/delete, the status
// subresource, server-side apply and watch streams. Errors are KubeApiError (client-node ApiException).
import type { KubeConfig } from '@kubernetes/client-node';
import type { ObjectMeta, ResourceInfo } from '../api/index.ts';
import { isNotFound } from './errors.ts';
import { Transport } from './transport.ts';
import type { Query, TransportOptions } from './transport.ts';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export type ResourceRef = Pick<ResourceInfo, 'group' | 'version' | 'plural' | 'namespaced'> & { kind?: string };

export interface ObjectList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
}

export interface PatchOptions extends WriteOptions {
  namespace?: string;
  type?: PatchType;
  /** Server-side apply: take ownership of conflicting fields. */
  force?: boolean;
}

export interface DeleteOptions {
  namespace?: string;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  /** Asks the server to end the stream after this long (client-go picks 5-10 minutes). */
  timeoutSeconds?: number;
  signal?: AbortSignal;
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export class KubeClient {
  readonly transport: Transport;
  readonly kubeConfig: KubeConfig;

  constructor(kc: KubeConfig, options: TransportOptions = {}) {
    this.kubeConfig = kc;
    this.transport = new Transport(kc, options);
  }

  resource<T extends KubeObject>(ref: ResourceRef): ResourceClient<T> {
    return new ResourceClient<T>(this.transport, ref);
  }

  /** The namespace of the kubeconfig's current context ("default" when unset). */
  defaultNamespace(): string {
    return this.kubeConfig.getContextObject(this.kubeConfig.getCurrentContext())?.namespace ?? 'default';
  }

  close(): void {
    this.transport.close();
  }
}

export function resourcePath(ref: ResourceRef, namespace?: string, name?: string, subresource?: string): string {
  let p = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  if (ref.namespaced && namespace !== undefined) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${ref.plural}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (subresource !== undefined) p += `/${subresource}`;
  return p;
}

export class ResourceClient<T extends KubeObject> {
  readonly ref: ResourceRef;
  private readonly t: Transport;

  constructor(transport: Transport, ref: ResourceRef) {
    this.t = transport;
    this.ref = ref;
  }

  async get(name: string, namespace?: string): Promise<T> {
    const ns = this.ns(namespace, name);
    return this.t.json<T>({ method: 'GET', path: resourcePath(this.ref, ns, name), what: this.what(ns, name) });
  }

  /** Like get, but undefined when the object does not exist. */
  async getOrUndefined(name: string, namespace?: string): Promise<T | undefined> {
    try {
      return await this.get(name, namespace);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** One page; across all namespaces when the resource is namespaced and no namespace is given. */
  async list(options: ListOptions = {}): Promise<ObjectList<T>> {
    const { namespace, ...query } = options;
    const list = await this.t.json<ObjectList<T>>({ method: 'GET', path: resourcePath(this.ref, namespace), query: query as Query, what: this.what(namespace) });
    // kube-apiserver leaves apiVersion and kind off the items of built-in lists; put them back so every
    // object a caller holds (say, one it records an Event about) says what it is
    if (this.ref.kind) {
      const apiVersion = this.ref.group ? `${this.ref.group}/${this.ref.version}` : this.ref.version;
      for (const item of list.items ?? []) {
        item.apiVersion ??= apiVersion;
        item.kind ??= this.ref.kind;
      }
    }
    return list;
  }

  /** Every page of a list, with the resourceVersion of the first page (the snapshot to watch from). */
  async listAll(options: Omit<ListOptions, 'continue'> = {}): Promise<ObjectList<T>> {
    const first = await this.list({ limit: 500, ...options });
    const items = [...first.items];
    let next = first.metadata.continue;
    while (next) {
      const page = await this.list({ ...options, limit: options.limit ?? 500, continue: next, resourceVersion: undefined });
      items.push(...page.items);
      next = page.metadata.continue;
    }
    return { ...first, metadata: { resourceVersion: first.metadata.resourceVersion }, items };
  }

  create(obj: T, options: WriteOptions & { namespace?: string } = {}): Promise<T> {
    const ns = this.ns(options.namespace ?? obj.metadata?.namespace, obj.metadata?.name ?? obj.metadata?.generateName);
    return this.t.json<T>({ method: 'POST', path: resourcePath(this.ref, ns), body: obj, query: writeQuery(options), what: this.what(ns, obj.metadata?.name) });
  }

  /** PUT; fails with 409 Conflict when metadata.resourceVersion is stale. */
  update(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.put(obj, undefined, options);
  }

  updateStatus(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.put(obj, 'status', options);
  }

  /** PATCH with an explicit content type (merge by default; client-node's default json-patch is never implied). */
  patch(name: string, body: unknown, options: PatchOptions = {}, subresource?: string): Promise<T> {
    const ns = this.ns(options.namespace, name);
    const type = options.type ?? 'merge';
    const query: Query = { ...writeQuery(options), force: type === 'apply' && options.force ? true : undefined };
    if (type === 'apply' && !options.fieldManager) throw new Error(`${this.what(ns, name)}: server-side apply needs a fieldManager`);
    return this.t.json<T>({
      method: 'PATCH',
      path: resourcePath(this.ref, ns, name, subresource),
      body,
      contentType: PATCH_CONTENT_TYPES[type],
      query,
      what: this.what(ns, name),
    });
  }

  patchStatus(name: string, body: unknown, options: PatchOptions = {}): Promise<T> {
    return this.patch(name, body, options, 'status');
  }

  /** Server-side apply of a whole (partial) object: PATCH application/apply-patch+yaml. */
  apply(obj: T, options: { fieldManager: string; force?: boolean; dryRun?: boolean }): Promise<T> {
    const name = obj.metadata?.name;
    if (!name) throw new Error(`${this.ref.plural}: server-side apply needs metadata.name`);
    return this.patch(name, obj, { ...options, namespace: obj.metadata?.namespace, type: 'apply' });
  }

  /** Deletes; resolves with the server's answer (the object while finalizers hold it, else a Status). */
  delete(name: string, options: DeleteOptions = {}): Promise<unknown> {
    const ns = this.ns(options.namespace, name);
    const body =
      options.propagationPolicy || options.preconditions || options.gracePeriodSeconds !== undefined
        ? { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: options.propagationPolicy, preconditions: options.preconditions, gracePeriodSeconds: options.gracePeriodSeconds }
        : undefined;
    return this.t.json<unknown>({ method: 'DELETE', path: resourcePath(this.ref, ns, name), body, what: this.what(ns, name) });
  }

  /**
   * Streams watch events until the server ends the stream (resolves), the signal aborts (resolves) or the
   * connection fails (rejects). HTTP errors reject with KubeApiError carrying the server's Status.
   */
  async watch(options: WatchOptions, onEvent: (event: WatchEvent<T>) => void): Promise<void> {
    const { namespace, signal, ...rest } = options;
    const timeoutSeconds = rest.timeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
    const query: Query = { ...rest, timeoutSeconds, watch: true };
    let res;
    try {
      // a stream the server forgot (silently dropped connection) is noticed after the timeout plus a margin
      res = await this.t.stream({ method: 'GET', path: resourcePath(this.ref, namespace), query, what: this.what(namespace), signal }, (timeoutSeconds + 30) * 1000);
    } catch (err) {
      if (signal?.aborted) return;
      throw err;
    }
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      let buffered = '';
      const fail = (err: Error): void => {
        failed = true;
        res.destroy();
        reject(err);
      };
      const handle = (line: string): void => {
        if (!line.trim() || failed) return;
        let event: WatchEvent<T>;
        try {
          event = JSON.parse(line) as WatchEvent<T>;
        } catch {
          fail(new Error(`${this.what(namespace)}: the watch stream sent a line that is not JSON: ${line.slice(0, 120)}`));
          return;
        }
        try {
          onEvent(event);
        } catch (err) {
          fail(err as Error);
        }
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while (!failed && (nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          handle(line);
        }
      });
      res.on('end', () => {
        handle(buffered);
        resolve();
      });
      res.on('error', () => undefined); // reported by 'close'
      res.on('close', () => {
        if (failed || res.complete) return resolve();
        if (signal?.aborted) return resolve();
        reject(new Error(`${this.what(namespace)}: the watch connection broke: ${res.errored?.message ?? 'closed'}`, { cause: res.errored }));
      });
    });
  }

  private put(obj: T, subresource: string | undefined, options: WriteOptions): Promise<T> {
    const name = obj.metadata?.name;
    if (!name) throw new Error(`${this.ref.plural}: update needs metadata.name`);
    const ns = this.ns(obj.metadata?.namespace, name);
    return this.t.json<T>({ method: 'PUT', path: resourcePath(this.ref, ns, name, subresource), body: obj, query: writeQuery(options), what: this.what(ns, name) });
  }

  private ns(namespace: string | undefined, name: string | undefined): string | undefined {
    if (!this.ref.namespaced) return undefined;
    if (!namespace) throw new Error(`${this.ref.kind ?? this.ref.plural} ${name ?? ''}: metadata.namespace is required (the resource is namespaced)`);
    return namespace;
  }

  private what(namespace?: string, name?: string): string {
    const kind = this.ref.kind ?? this.ref.plural;
    if (name === undefined) return namespace ? `${kind} in namespace ${namespace}` : kind;
    return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
  }
}

function writeQuery(options: WriteOptions): Query {
  return { fieldManager: options.fieldManager, dryRun: options.dryRun ? 'All' : undefined };
}
