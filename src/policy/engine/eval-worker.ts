// Worker thread that evaluates for a time-limited Policy. The parent waits on `signal` with a
// timeout and reads replies synchronously from `port`; on timeout it terminates this worker.
import { workerData, type MessagePort } from 'node:worker_threads';
import type { WasmModule } from './wasm-api.ts';
import { EvalError, PolicyError, toRecord, toEvalError } from './errors.ts';
import { LocalEvaluator, type InstanceOptions } from './local.ts';

export interface WorkerInit {
  module: WasmModule;
  options: InstanceOptions;
  data?: ArrayBuffer;
  port: MessagePort;
  signal: SharedArrayBuffer;
}

export type WorkerRequest =
  | { type: 'eval'; entrypoint: number; input?: ArrayBuffer }
  | { type: 'data'; data: ArrayBuffer };

const init = workerData as WorkerInit;
const signal = new Int32Array(init.signal);

function reply(msg: unknown): void {
  init.port.postMessage(msg);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function asRecord(e: unknown) {
  if (e instanceof EvalError) return toRecord(e);
  if (e instanceof PolicyError) return { name: e.name, code: e.code, message: e.message };
  return toRecord(toEvalError(e));
}

let evaluator: LocalEvaluator | undefined;
try {
  evaluator = new LocalEvaluator(init.module, init.options);
  if (init.data) evaluator.setData(init.data);
  reply({ ok: true });
} catch (e) {
  reply({ ok: false, error: asRecord(e) });
}

init.port.on('message', (req: WorkerRequest) => {
  if (!evaluator) return;
  try {
    if (req.type === 'eval') reply({ ok: true, value: evaluator.evaluate(req.entrypoint, req.input) });
    else {
      evaluator.setData(req.data);
      reply({ ok: true });
    }
  } catch (e) {
    reply({ ok: false, error: asRecord(e) });
  }
});
