// Shared informers: controllers in one process ask the factory for an informer and get the same one for the
// same resource, namespace and selectors, so they share one list+watch and one cache.
import type { Logger } from 'pino';
import type { KubeClient, KubeObject, ResourceRef } from './client.ts';
import { Informer } from './informer.ts';
import type { InformerOptions } from './informer.ts';

export type SharedInformerOptions<T> = Pick<InformerOptions<T>, 'namespace' | 'labelSelector' | 'fieldSelector' | 'indexers'>;

export interface InformerFactoryOptions {
  resyncMs?: number;
  logger?: Logger;
  backoff?: InformerOptions<KubeObject>['backoff'];
}

export class InformerFactory {
  private readonly client: KubeClient;
  private readonly options: InformerFactoryOptions;
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private started = false;

  constructor(client: KubeClient, options: InformerFactoryOptions = {}) {
    this.client = client;
    this.options = options;
  }

  /**
   * The shared informer for a resource (and namespace/selectors). Indexers given here are added to the
   * shared one; a name another controller already registered must not be reused for a different function.
   */
  informer<T extends KubeObject>(ref: ResourceRef, options: SharedInformerOptions<T> = {}): Informer<T> {
    const key = [ref.group, ref.version, ref.plural, options.namespace ?? '', options.labelSelector ?? '', options.fieldSelector ?? ''].join('|');
    let informer = this.informers.get(key) as Informer<T> | undefined;
    if (!informer) {
      informer = new Informer<T>(this.client.resource<T>(ref), {
        namespace: options.namespace,
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        resyncMs: this.options.resyncMs,
        logger: this.options.logger,
        backoff: this.options.backoff,
      });
      this.informers.set(key, informer as unknown as Informer<KubeObject>);
      if (this.started) informer.start();
    }
    if (options.indexers) {
      const fresh = Object.fromEntries(Object.entries(options.indexers).filter(([name]) => !informer!.cache.hasIndex(name)));
      informer.addIndexers(fresh);
    }
    return informer;
  }

  /** Starts every informer made so far and any made later. */
  start(): void {
    this.started = true;
    for (const i of this.informers.values()) i.start();
  }

  async waitForSync(timeoutMs?: number): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync(timeoutMs)));
  }

  hasSynced(): boolean {
    return [...this.informers.values()].every((i) => i.hasSynced());
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}
