// A de-duplicating queue of controller work, drained on the event loop in small batches so that the
// reactions to a write never run inside that write's synchronous event fan-out.
export type WorkHandler = (id: string) => void;

export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private scheduled: NodeJS.Immediate | undefined;
  private stopped = false;
  private readonly handle: WorkHandler;
  private readonly batch: number;

  constructor(handle: WorkHandler, batch = 200) {
    this.handle = handle;
    this.batch = batch;
  }

  add(id: string): void {
    if (this.stopped) return;
    this.pending.add(id);
    this.scheduled ??= setImmediate(() => this.drain());
  }

  addAfter(id: string, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.add(id);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  get size(): number {
    return this.pending.size;
  }

  stop(): void {
    this.stopped = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
  }

  private drain(): void {
    this.scheduled = undefined;
    let n = 0;
    for (const id of this.pending) {
      if (this.stopped || n++ >= this.batch) break;
      this.pending.delete(id);
      this.handle(id);
    }
    if (!this.stopped && this.pending.size > 0) this.scheduled = setImmediate(() => this.drain());
  }
}
