// The controller runner: N workers take keys from a work queue and hand them to a reconcile function.
// Reconcile is level-driven: it is given only a key and reads the current state itself, so running it
// twice with the same state must change nothing. Conflicts (HTTP 409) are an ordinary race with another
// writer: they are retried with backoff and never logged as errors.
import type { Logger } from 'pino';
import { splitKey } from './cache.ts';
import { KubeApiError, isConflict } from './errors.ts';
import { WorkQueue } from './work-queue.ts';

export interface ReconcileResult {
  /** Reconcile this key again after the given delay, even without a change. */
  requeueAfterMs?: number;
}

export type Reconciler<K> = (key: K) => Promise<ReconcileResult | void>;

export interface ControllerOptions<K> {
  name: string;
  reconcile: Reconciler<K>;
  workers?: number;
  logger: Logger;
  queue?: WorkQueue<K>;
}

/** Longest wait before retrying a key whose reconcile hit a 409. */
export const CONFLICT_RETRY_CAP_MS = 500;

// 409 (a stale resourceVersion, or a name taken meanwhile) is an ordinary race, retried quietly
export { isConflict };

export class Controller<K = string> {
  readonly name: string;
  readonly queue: WorkQueue<K>;
  private readonly reconcile: Reconciler<K>;
  private readonly workers: number;
  private readonly logger: Logger;
  private running: Promise<void>[] = [];

  constructor(options: ControllerOptions<K>) {
    this.name = options.name;
    this.reconcile = options.reconcile;
    this.workers = options.workers ?? 2;
    this.logger = options.logger.child({ controller: options.name });
    this.queue = options.queue ?? new WorkQueue<K>();
  }

  enqueue(key: K): void {
    this.queue.add(key);
  }

  start(): void {
    if (this.running.length) return;
    for (let i = 0; i < this.workers; i++) this.running.push(this.work());
  }

  /** Stops taking new keys and waits for in-flight reconciles to finish. */
  async stop(): Promise<void> {
    this.queue.shutDown();
    await Promise.all(this.running);
    this.running = [];
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        const result = await this.reconcile(key);
        this.queue.forget(key);
        if (result?.requeueAfterMs !== undefined) this.queue.addAfter(key, result.requeueAfterMs);
      } catch (err) {
        if (isConflict(err)) {
          // a conflict means the cache lagged another writer by a moment: retry soon, never after a long backoff
          this.logger.debug(logFields(key), 'conflict, retrying');
          this.queue.addRateLimited(key, CONFLICT_RETRY_CAP_MS);
        } else {
          this.logger.error({ ...logFields(key), err: errorText(err), retries: this.queue.retries(key) }, 'reconcile failed');
          this.queue.addRateLimited(key);
        }
      } finally {
        this.queue.done(key);
      }
    }
  }
}

/** Log fields for a key: `namespace` and `name` for "namespace/name" string keys, as DESIGN's log convention asks. */
function logFields(key: unknown): Record<string, unknown> {
  if (typeof key !== 'string') return { key };
  const { namespace, name } = splitKey(key);
  return namespace === undefined ? { name } : { namespace, name };
}

/** A short description of an error, including the Status message of an API error. */
export function errorText(err: unknown): string {
  if (err instanceof KubeApiError) return err.message; // already names the object, code, reason and message
  const e = err as { body?: unknown; message?: string };
  if (typeof e?.body === 'string') {
    try {
      const status = JSON.parse(e.body) as { message?: string };
      if (status.message) return status.message;
    } catch {
      // not JSON; fall through
    }
  }
  return e?.message ?? String(err);
}
