// Automatic compaction: history is kept while it is among the newest `retainRevisions` revisions OR
// younger than `retainMs`; anything older than both is compacted every `compactIntervalMs`.
export interface RetentionOptions {
  /** Revisions of history always kept (default 1,000). */
  retainRevisions?: number;
  /** History younger than this is always kept (default 5 minutes, as kube-apiserver compacts etcd). */
  retainMs?: number;
  /** How often to compact; 0 turns automatic compaction off (default 60 s). */
  compactIntervalMs?: number;
}

interface Sample {
  at: number;
  revision: number;
}

export class Retention {
  private readonly samples: Sample[] = [];
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly retainRevisions: number;
  private readonly retainMs: number;
  private readonly current: () => number;
  private readonly compact: (revision: number) => void;

  constructor(options: RetentionOptions, current: () => number, compact: (revision: number) => void) {
    this.retainRevisions = options.retainRevisions ?? 1000;
    this.retainMs = options.retainMs ?? 5 * 60_000;
    this.current = current;
    this.compact = compact;
    this.samples.push({ at: Date.now(), revision: current() });
    const interval = options.compactIntervalMs ?? 60_000;
    if (interval > 0) {
      this.timer = setInterval(() => this.tick(), interval);
      this.timer.unref();
    }
  }

  /** The revision automatic compaction would compact to now (0 = nothing to do). */
  target(now = Date.now()): number {
    const byCount = this.current() - this.retainRevisions;
    // The newest revision that was already current `retainMs` ago.
    let byAge = 0;
    for (const s of this.samples) if (s.at <= now - this.retainMs) byAge = s.revision;
    return Math.max(0, Math.min(byCount, byAge));
  }

  tick(now = Date.now()): void {
    this.samples.push({ at: now, revision: this.current() });
    const target = this.target(now);
    if (target > 0) this.compact(target);
    // Samples older than the cut-off are only needed for their newest member.
    while (this.samples.length > 1 && this.samples[1].at <= now - this.retainMs) this.samples.shift();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
