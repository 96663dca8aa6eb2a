// Worker thread of the conformance pool: runs one case file (OPA YAML cases) or one gatekeeper
// suite at a time and reports each case as it starts and ends, so the parent can time it out.
import { parentPort } from 'node:worker_threads';
import { verifySuite } from '../../gatekeeper/verify.ts';
import { readCaseFile, regoVersionOf, runRegoCase, type CaseOutcome } from './rego-cases.ts';

export type PoolTask = { kind: 'rego'; root: string; file: string; from: number } | { kind: 'gatekeeper'; root: string; file: string };

export type PoolMessage =
  | { type: 'start'; id: string }
  | { type: 'outcome'; outcome: CaseOutcome }
  | { type: 'done' };

const port = parentPort!;
const send = (m: PoolMessage) => port.postMessage(m);

async function run(task: PoolTask): Promise<void> {
  if (task.kind === 'gatekeeper') {
    send({ type: 'start', id: task.file });
    for (const outcome of await verifySuite(`${task.root}/${task.file}`, { root: task.root })) send({ type: 'outcome', outcome });
    return;
  }
  const cases = readCaseFile(task.root, task.file);
  for (let i = task.from; i < cases.length; i++) {
    const id = `${task.file}#${i}`;
    send({ type: 'start', id });
    const c = cases[i];
    const outcome = c.skip ? { id, ok: false, reason: 'skipped by the case file' } : await runRegoCase(c, id, regoVersionOf(`${task.root}/${task.file}`));
    send({ type: 'outcome', outcome });
  }
}

port.on('message', (task: PoolTask) => {
  run(task)
    .catch((e: unknown) => send({ type: 'outcome', outcome: { id: `${task.file}#?`, ok: false, reason: `runner error: ${String(e)}` } }))
    .finally(() => send({ type: 'done' }));
});
