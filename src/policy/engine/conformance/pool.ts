// Runs conformance tasks on worker threads (one per core by default). A case that runs longer
// than the case timeout (a compiler or policy that never finishes) costs only itself: its
// worker is terminated, the case fails with "timeout", and the rest of its file runs on a new worker.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { CaseOutcome } from './rego-cases.ts';
import type { PoolMessage, PoolTask } from './case-worker.ts';

export type { PoolTask } from './case-worker.ts';

const WORKER_URL = new URL(`./case-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

export interface PoolOptions {
  workers?: number;
  /** Longest a single case (or a whole gatekeeper suite) may take; default 60 s. */
  caseTimeoutMs?: number;
  /** Case ids of a gatekeeper suite, to fail them all if the suite times out. */
  suiteCaseIds?: (task: PoolTask) => string[];
  onOutcome?: (o: CaseOutcome) => void;
}

interface Slot {
  worker: Worker;
  task?: PoolTask;
  current?: string;
  reported: Set<string>;
  lastActivity: number;
}

export function runPool(tasks: PoolTask[], opts: PoolOptions = {}): Promise<CaseOutcome[]> {
  const queue = [...tasks];
  const outcomes: CaseOutcome[] = [];
  const timeoutMs = opts.caseTimeoutMs ?? 60_000;
  const size = Math.max(1, Math.min(opts.workers ?? availableParallelism(), tasks.length));

  return new Promise((resolve) => {
    const slots = new Set<Slot>();
    const record = (o: CaseOutcome, slot: Slot) => {
      slot.reported.add(o.id);
      outcomes.push(o);
      opts.onOutcome?.(o);
    };

    const finishIfIdle = () => {
      if (queue.length === 0 && [...slots].every((s) => !s.task)) {
        clearInterval(watchdog);
        for (const s of slots) void s.worker.terminate();
        resolve(outcomes);
      }
    };

    const next = (slot: Slot) => {
      slot.task = queue.shift();
      slot.current = undefined;
      slot.reported = new Set();
      slot.lastActivity = Date.now();
      if (slot.task) slot.worker.postMessage(slot.task);
      else finishIfIdle();
    };

    const spawn = (): Slot => {
      const slot: Slot = { worker: new Worker(WORKER_URL), reported: new Set(), lastActivity: Date.now() };
      slots.add(slot);
      slot.worker.on('message', (m: PoolMessage) => {
        slot.lastActivity = Date.now();
        if (m.type === 'start') slot.current = m.id;
        else if (m.type === 'outcome') record(m.outcome, slot);
        else next(slot);
      });
      slot.worker.on('error', (e) => fail(slot, `worker error: ${e.message}`));
      return slot;
    };

    // A stuck or crashed worker: fail what it was running, replace it, and resume its file.
    const fail = (slot: Slot, reason: string) => {
      if (!slots.delete(slot)) return;
      void slot.worker.terminate();
      const task = slot.task;
      const replacement = spawn();
      if (!task) return next(replacement);
      if (task.kind === 'rego') {
        const at = slot.current ? Number(slot.current.split('#').pop()) : task.from;
        const id = slot.current ?? `${task.file}#${at}`;
        if (!slot.reported.has(id)) record({ id, ok: false, reason }, replacement);
        queue.unshift({ ...task, from: at + 1 });
      } else {
        for (const id of opts.suiteCaseIds?.(task) ?? [task.file]) {
          if (!slot.reported.has(id)) record({ id, ok: false, reason }, replacement);
        }
      }
      next(replacement);
    };

    const watchdog = setInterval(() => {
      const now = Date.now();
      for (const s of [...slots]) {
        if (s.task && now - s.lastActivity > timeoutMs) fail(s, `timeout: no result within ${timeoutMs} ms`);
      }
    }, Math.min(1000, timeoutMs));

    if (queue.length === 0) {
      clearInterval(watchdog);
      resolve(outcomes);
      return;
    }
    for (let i = 0; i < size; i++) next(spawn());
  });
}
