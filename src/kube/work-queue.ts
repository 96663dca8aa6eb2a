// A rate-limited, de-duplicating work queue in the style of client-go's workqueue:
// - an item queued several times before a worker takes it is processed once;
// - an item being processed is never handed to a second worker; if it is re-added meanwhile,
//   it is queued again when the first worker calls done();
// - addRateLimited() delays an item with per-item exponential backoff (reset by forget()).

export interface WorkQueueOptions {
  /** First retry delay (ms). */
  baseDelayMs?: number;
  /** Cap of the per-item backoff (ms). */
  maxDelayMs?: number;
}

export class WorkQueue<T = string> {
  private readonly queue: T[] = [];
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private readonly failures = new Map<T, number>();
  private readonly timers = new Map<T, NodeJS.Timeout>();
  private readonly waiters: ((item: T | undefined) => void)[] = [];
  private shuttingDown = false;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(options: WorkQueueOptions = {}) {
    this.baseDelayMs = options.baseDelayMs ?? 5;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
  }

  get length(): number {
    return this.queue.length;
  }

  /** True when nothing is queued, being processed, or waiting for a delayed re-add. */
  get idle(): boolean {
    return this.queue.length === 0 && this.processing.size === 0 && this.timers.size === 0;
  }

  add(item: T): void {
    if (this.shuttingDown || this.dirty.has(item)) return;
    this.dirty.add(item);
    if (this.processing.has(item)) return; // re-queued by done()
    const waiter = this.waiters.shift();
    if (waiter) {
      this.dirty.delete(item);
      this.processing.add(item);
      waiter(item);
    } else {
      this.queue.push(item);
    }
  }

  addAfter(item: T, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) return this.add(item);
    if (this.timers.has(item)) return; // an earlier retry is already scheduled
    const timer = setTimeout(() => {
      this.timers.delete(item);
      this.add(item);
    }, delayMs);
    timer.unref();
    this.timers.set(item, timer);
  }

  /** Re-queues the item after its next backoff delay: base * 2^failures, capped (by `capMs` too, when given). */
  addRateLimited(item: T, capMs?: number): void {
    const n = this.failures.get(item) ?? 0;
    this.failures.set(item, n + 1);
    this.addAfter(item, Math.min(this.baseDelayMs * 2 ** n, this.maxDelayMs, capMs ?? Infinity));
  }

  /** Clears the item's failure count (after a successful reconcile). */
  forget(item: T): void {
    this.failures.delete(item);
  }

  retries(item: T): number {
    return this.failures.get(item) ?? 0;
  }

  /** Resolves with the next item, or undefined once the queue shuts down. */
  get(): Promise<T | undefined> {
    if (this.queue.length > 0) {
      const item = this.queue.shift()!;
      this.dirty.delete(item);
      this.processing.add(item);
      return Promise.resolve(item);
    }
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks the item processed; if it was added again meanwhile, it goes back on the queue. */
  done(item: T): void {
    this.processing.delete(item);
    if (this.dirty.has(item)) {
      this.dirty.delete(item);
      this.add(item);
    }
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}
