// An event recorder writing core/v1 Events the way kube's recorder does: an event equal to one recorded
// recently (same source, involved object, type, reason and message) bumps that Event's count and
// lastTimestamp instead of creating another, so a reconcile loop that keeps failing leaves one Event with a
// growing count. Recording never throws and never blocks the caller; flush() waits for pending writes.
import { hostname } from 'node:os';
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { KubeClient, KubeObject, ResourceClient } from './client.ts';
import { nowTimestamp } from './conditions.ts';
import { errorText } from './controller.ts';
import { isNotFound } from './errors.ts';
import { eventResource } from './resources.ts';
import type { CoreEvent, ObjectReference } from './resources.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  client: KubeClient;
  /** source.component and reportingComponent, e.g. "registration-controller". */
  component: string;
  /** source.host and reportingInstance (default: this host's name). */
  host?: string;
  /** Equal events closer together than this are folded into one (default 10 minutes, as kube's aggregator). */
  windowMs?: number;
  /** How many distinct recent events are remembered (default 4096, as kube). */
  cacheSize?: number;
  logger?: Logger;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  lastSeen: number;
}

export class EventRecorder {
  private readonly events: ResourceClient<CoreEvent>;
  private readonly component: string;
  private readonly host: string;
  private readonly windowMs: number;
  private readonly cacheSize: number;
  private readonly logger: Logger;
  /** Recent events by key, oldest first (Map order doubles as LRU order). */
  private readonly seen = new Map<string, Seen>();
  /** Writes per key run one after another so a bump never races the create it bumps. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(options: EventRecorderOptions) {
    this.events = options.client.resource<CoreEvent>(eventResource);
    this.component = options.component;
    this.host = options.host ?? hostname();
    this.windowMs = options.windowMs ?? 10 * 60_000;
    this.cacheSize = options.cacheSize ?? 4096;
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ component: options.component });
  }

  /** Records an event about `obj` (which needs apiVersion, kind and metadata.name). */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const ref = referenceTo(obj);
    if (!ref) {
      this.logger.error({ reason, message }, 'cannot record an event about an object without kind and metadata.name');
      return;
    }
    const key = JSON.stringify([this.component, this.host, ref.apiVersion, ref.kind, ref.namespace, ref.name, ref.uid, type, reason, message]);
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.write(key, ref, type, reason, message)).catch((err: unknown) => {
      this.logger.warn({ err: errorText(err), reason, object: `${ref.namespace ?? ''}/${ref.name}` }, 'could not record event');
    });
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  /** Waits until every event recorded so far has been written (or has failed). */
  async flush(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
  }

  private async write(key: string, ref: ObjectReference, type: EventType, reason: string, message: string): Promise<void> {
    const now = Date.now();
    const ts = nowTimestamp(new Date(now));
    const hit = this.seen.get(key);
    if (hit && now - hit.lastSeen <= this.windowMs) {
      try {
        await this.events.patch(hit.name, { count: hit.count + 1, lastTimestamp: ts }, { namespace: hit.namespace });
        this.remember(key, { ...hit, count: hit.count + 1, lastSeen: now });
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        // the Event was deleted or expired: start a new one
      }
    }
    const namespace = ref.namespace || 'default';
    const created = await this.events.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${ref.name}.${(BigInt(now) * 1_000_000n + BigInt(Math.floor(Math.random() * 1e6))).toString(16)}`, namespace },
      involvedObject: ref,
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: ts,
      lastTimestamp: ts,
      eventTime: null,
      source: { component: this.component, host: this.host },
      reportingComponent: this.component,
      reportingInstance: this.host,
    });
    this.remember(key, { name: created.metadata.name!, namespace, count: 1, lastSeen: now });
  }

  private remember(key: string, seen: Seen): void {
    this.seen.delete(key);
    this.seen.set(key, seen);
    while (this.seen.size > this.cacheSize) this.seen.delete(this.seen.keys().next().value!);
  }
}

export function referenceTo(obj: KubeObject): ObjectReference | undefined {
  if (!obj.kind || !obj.metadata?.name) return undefined;
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    uid: obj.metadata.uid,
    resourceVersion: obj.metadata.resourceVersion,
  };
}
