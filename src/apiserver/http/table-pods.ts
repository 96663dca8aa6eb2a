// The READY / STATUS / RESTARTS cells of a pod, derived the way kube's pod printer does.
import { humanAge } from './table-format.ts';

type Obj = Record<string, unknown>;
const o = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const a = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const n = (v: unknown): number => (typeof v === 'number' ? v : 0);

export interface PodStatusCells { ready: string; reason: string; restarts: string }

function terminatedReason(term: Obj, prefix: string): string {
  if (s(term.reason)) return `${prefix}${s(term.reason)}`;
  return n(term.signal) !== 0 ? `${prefix}Signal:${n(term.signal)}` : `${prefix}ExitCode:${n(term.exitCode)}`;
}

const TERMINAL = ['Succeeded', 'Failed'];

export function describePodStatus(pod: Obj, now: Date): PodStatusCells {
  const spec = o(pod.spec);
  const status = o(pod.status);
  const initSpecs = a(spec.initContainers).map(o);
  const restartable = new Set(initSpecs.filter((c) => c.restartPolicy === 'Always').map((c) => s(c.name)));
  let total = a(spec.containers).length + restartable.size;
  let ready = 0;
  let restarts = 0;
  let lastRestart = 0;
  const phase = s(status.phase);
  let reason = s(status.reason) || phase;
  for (const c of a(status.conditions).map(o)) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  const noteRestart = (cs: Obj): void => {
    restarts += n(cs.restartCount);
    const finished = Date.parse(s(o(o(cs.lastState).terminated).finishedAt));
    if (!Number.isNaN(finished) && finished > lastRestart) lastRestart = finished;
  };

  let initializing = false;
  const initStatuses = a(status.initContainerStatuses).map(o);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    noteRestart(cs);
    const state = o(cs.state);
    const term = state.terminated ? o(state.terminated) : undefined;
    const waiting = state.waiting ? o(state.waiting) : undefined;
    if (term && n(term.exitCode) === 0) continue;
    if (restartable.has(s(cs.name)) && cs.started === true) { if (cs.ready === true) ready++; continue; }
    if (term) reason = terminatedReason(term, 'Init:');
    else if (waiting && s(waiting.reason) && waiting.reason !== 'PodInitializing') reason = `Init:${s(waiting.reason)}`;
    else reason = `Init:${i}/${initSpecs.length}`;
    initializing = true;
    break;
  }
  const initialized = a(status.conditions).map(o).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = 0;
    lastRestart = 0;
    for (const cs of initStatuses) if (restartable.has(s(cs.name))) noteRestart(cs);
    let hasRunning = false;
    const statuses = a(status.containerStatuses).map(o);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      noteRestart(cs);
      const state = o(cs.state);
      const waiting = o(state.waiting);
      const term = state.terminated ? o(state.terminated) : undefined;
      if (s(waiting.reason)) reason = s(waiting.reason);
      else if (term) reason = terminatedReason(term, '');
      else if (cs.ready === true && state.running) { hasRunning = true; ready++; }
    }
    if (reason === 'Completed' && hasRunning) {
      const podReady = a(status.conditions).map(o).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = podReady ? 'Running' : 'NotReady';
    }
  }
  const deleting = Boolean(o(pod.metadata).deletionTimestamp);
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && !TERMINAL.includes(phase)) reason = 'Terminating';
  total = Math.max(total, 0);
  const restartText = restarts !== 0 && lastRestart > 0
    ? `${restarts} (${humanAge(new Date(lastRestart).toISOString(), now)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, reason, restarts: restartText };
}
