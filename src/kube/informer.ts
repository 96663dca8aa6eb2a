// An informer: lists a resource, then watches it from the list's resourceVersion, keeping an indexed cache and
// calling handlers on add/update/delete. It never stops on its own: a 410 Expired (history compacted) relists
// at once; any other failure (server down, cluster removed, forbidden) relists after an exponential backoff,
// and the relist turns whatever changed meanwhile into the right add/update/delete calls.
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { KubeObject, ResourceClient, WatchEvent } from './client.ts';
import { IndexedCache, objectKey } from './cache.ts';
import type { IndexFunc, ListQuery } from './cache.ts';
import { isGone } from './errors.ts';

export interface EventHandler<T> {
  onAdd?(obj: T): void;
  /** Also called with old === new on every resync period. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** Called with the last state seen. */
  onDelete?(obj: T): void;
}

export interface InformerOptions<T> {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Re-deliver every cached object as an update this often (0 = never, the default). */
  resyncMs?: number;
  indexers?: Record<string, IndexFunc<T>>;
  logger?: Logger;
  /** Backoff after failures: first delay and cap (defaults 500 ms and 30 s). */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Page size of the initial list (default 500). */
  pageSize?: number;
}

export class Informer<T extends KubeObject> {
  readonly cache: IndexedCache<T>;
  private readonly client: ResourceClient<T>;
  private readonly options: InformerOptions<T>;
  private readonly logger: Logger;
  private readonly handlers = new Set<EventHandler<T>>();
  private synced = false;
  private syncWaiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private resourceVersion = '';
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Lists done so far; tests and metrics read it. */
  listCount = 0;

  constructor(client: ResourceClient<T>, options: InformerOptions<T> = {}) {
    this.client = client;
    this.options = options;
    this.cache = new IndexedCache<T>(options.indexers);
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ informer: client.ref.plural, namespace: options.namespace });
  }

  get resource(): string {
    return this.client.ref.plural;
  }

  /** Registers handlers; once synced, the current objects are delivered to them as adds. Returns an unregister function. */
  addEventHandler(handler: EventHandler<T>): () => void {
    this.handlers.add(handler);
    if (this.synced) for (const obj of this.cache.list()) this.call(handler, 'onAdd', obj);
    return () => this.handlers.delete(handler);
  }

  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    this.cache.addIndexers(indexers);
  }

  get(name: string, namespace?: string): T | undefined {
    return this.cache.get(name, namespace);
  }

  list(query: ListQuery = {}): T[] {
    return this.cache.list(query);
  }

  byIndex(indexName: string, value: string): T[] {
    return this.cache.byIndex(indexName, value);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  lastSyncResourceVersion(): string {
    return this.resourceVersion;
  }

  /** Failed list/watch attempts since the last success (0 when healthy). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  get running(): boolean {
    return this.loop !== undefined;
  }

  /** Resolves once the first list has been stored; rejects if the informer stops first or the timeout passes. */
  waitForSync(timeoutMs?: number): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = { resolve, reject };
      this.syncWaiters.push(waiter);
      if (timeoutMs !== undefined) {
        setTimeout(() => {
          this.syncWaiters = this.syncWaiters.filter((w) => w !== waiter);
          reject(new Error(`informer for ${this.resource} did not sync within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      }
    });
  }

  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.loop = this.run(signal);
    if (this.options.resyncMs) {
      this.resyncTimer = setInterval(() => this.resync(), this.options.resyncMs);
      this.resyncTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    await this.loop;
    this.loop = undefined;
    for (const w of this.syncWaiters.splice(0)) w.reject(new Error(`informer for ${this.resource} stopped before it synced`));
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        if (!this.resourceVersion) await this.relist();
        await this.watchOnce(signal);
      } catch (err) {
        if (signal.aborted) break;
        this.resourceVersion = '';
        if (isGone(err)) {
          this.logger.debug('resourceVersion expired; relisting');
          continue;
        }
        this.failures++;
        const delay = this.backoffMs();
        this.logger.warn({ err: (err as Error).message, retryInMs: delay, failures: this.failures }, 'list/watch failed; retrying');
        await sleep(delay, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async relist(): Promise<void> {
    const list = await this.client.listAll({
      namespace: this.options.namespace,
      labelSelector: this.options.labelSelector,
      fieldSelector: this.options.fieldSelector,
      limit: this.options.pageSize ?? 500,
    });
    this.listCount++;
    const changes = this.cache.replace(list.items);
    this.resourceVersion = list.metadata.resourceVersion ?? '';
    this.failures = 0;
    for (const obj of changes.added) this.emit('onAdd', obj);
    for (const [oldObj, newObj] of changes.updated) this.emit('onUpdate', oldObj, newObj);
    for (const obj of changes.deleted) this.emit('onDelete', obj);
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w.resolve();
    }
  }

  /** One watch stream, from the last resourceVersion; returns when the server ends it. */
  private async watchOnce(signal: AbortSignal): Promise<void> {
    const started = Date.now();
    let events = 0;
    let expired: Error | undefined;
    const streamAbort = new AbortController();
    await this.client.watch(
      {
        namespace: this.options.namespace,
        labelSelector: this.options.labelSelector,
        fieldSelector: this.options.fieldSelector,
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        signal: AbortSignal.any([signal, streamAbort.signal]),
      },
      (event) => {
        events++;
        const err = this.apply(event);
        if (err) {
          expired = err;
          streamAbort.abort();
        }
      },
    );
    if (expired) throw expired;
    this.failures = 0;
    // a server that ends streams at once would otherwise be hammered
    if (events === 0 && Date.now() - started < 1000) await sleep(1000, undefined, { signal }).catch(() => undefined);
  }

  /** Applies one watch event to the cache; returns the error an ERROR event carries. */
  private apply(event: WatchEvent<T>): Error | undefined {
    const obj = event.object;
    if (event.type === 'ERROR') {
      const status = obj as { code?: number; message?: string; reason?: string };
      return Object.assign(new Error(`watch of ${this.resource}: ${status.message ?? 'error event'}`), { code: status.code, reason: status.reason });
    }
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (event.type === 'ADDED' || event.type === 'MODIFIED') {
      const old = this.cache.upsert(obj);
      if (!old) this.emit('onAdd', obj);
      else if (old.metadata?.resourceVersion !== rv) this.emit('onUpdate', old, obj);
    } else if (event.type === 'DELETED') {
      const old = this.cache.remove(objectKey(obj));
      if (old) this.emit('onDelete', obj);
    }
    return undefined;
  }

  private resync(): void {
    if (!this.synced) return;
    for (const obj of this.cache.list()) this.emit('onUpdate', obj, obj);
  }

  private backoffMs(): number {
    const initial = this.options.backoff?.initialMs ?? 500;
    const max = this.options.backoff?.maxMs ?? 30_000;
    const base = Math.min(initial * 2 ** (this.failures - 1), max);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  private emit(kind: 'onAdd' | 'onDelete', obj: T): void;
  private emit(kind: 'onUpdate', oldObj: T, newObj: T): void;
  private emit(kind: keyof EventHandler<T>, a: T, b?: T): void {
    for (const h of this.handlers) this.call(h, kind, a, b);
  }

  private call(h: EventHandler<T>, kind: keyof EventHandler<T>, a: T, b?: T): void {
    try {
      if (kind === 'onUpdate') h.onUpdate?.(a, b!);
      else h[kind]?.(a);
    } catch (err) {
      this.logger.error({ err: (err as Error).message, handler: kind }, 'event handler threw');
    }
  }
}

