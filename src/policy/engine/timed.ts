// Time-limited evaluation: the policy runs in a worker thread and the caller blocks (Atomics.wait)
// for at most the time limit. A runaway evaluation cannot be interrupted inside wasm, so its
// worker is terminated and the next call starts a fresh one. The API stays synchronous.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { EvalLimitError, PolicyError, byCode, fromRecord, type ErrorRecord } from './errors.ts';
import type { EvalResult, InstanceOptions } from './local.ts';
import type { WorkerInit, WorkerRequest } from './eval-worker.ts';
import type { WasmModule } from './wasm-api.ts';

const WORKER_URL = new URL(`./eval-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
/** How long a fresh worker may take to start and instantiate the module. */
const STARTUP_MS = 30_000;

interface Reply {
  ok: boolean;
  value?: EvalResult;
  error?: ErrorRecord;
}

interface Live {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
  ready: boolean;
}

export class TimedEvaluator {
  private live: Live | undefined;
  private data: ArrayBuffer | undefined;
  private readonly module: WasmModule;
  private readonly options: InstanceOptions;
  private readonly timeoutMs: number;

  constructor(module: WasmModule, options: InstanceOptions, timeoutMs: number) {
    this.module = module;
    this.options = options;
    this.timeoutMs = timeoutMs;
    // Start the worker now so its startup overlaps whatever the caller does before evaluating.
    this.live = this.spawn();
  }

  setData(json: ArrayBuffer): void {
    this.data = json;
    // A worker still starting received the old data; it gets the new data as its first request.
    if (this.live) this.call({ type: 'data', data: json }, STARTUP_MS);
  }

  evaluate(entrypoint: number, input: ArrayBuffer | undefined): EvalResult {
    return this.call({ type: 'eval', entrypoint, input }, this.timeoutMs).value ?? {};
  }

  close(): void {
    if (this.live) void this.live.worker.terminate();
    this.live = undefined;
  }

  private spawn(): Live {
    const { port1, port2 } = new MessageChannel();
    const shared = new SharedArrayBuffer(4);
    const init: WorkerInit = { module: this.module, options: this.options, data: this.data, port: port2, signal: shared };
    const worker = new Worker(WORKER_URL, { workerData: init, transferList: [port2] });
    worker.unref();
    port1.unref();
    return { worker, port: port1, signal: new Int32Array(shared), ready: false };
  }

  /** The live worker, once it has instantiated the module. */
  private ready(): Live {
    const live = (this.live ??= this.spawn());
    if (live.ready) return live;
    const reply = this.await(live, STARTUP_MS);
    if (!reply?.ok) {
      this.close();
      if (reply?.error) throw fromRecordAny(reply.error);
      throw new PolicyError('eval_internal_error', `policy worker did not start within ${STARTUP_MS} ms`);
    }
    live.ready = true;
    return live;
  }

  private call(req: WorkerRequest, timeoutMs: number): Reply {
    const live = this.ready();
    Atomics.store(live.signal, 0, 0);
    live.port.postMessage(req);
    const reply = this.await(live, timeoutMs);
    if (!reply) {
      this.close();
      this.live = this.spawn();
      throw new EvalLimitError('time', `evaluation exceeded the time limit of ${timeoutMs} ms`);
    }
    if (!reply.ok) {
      const err = fromRecordAny(reply.error);
      // The worker replaced its instance after a memory limit; nothing to do here.
      throw err;
    }
    return reply;
  }

  private await(live: Live, timeoutMs: number): Reply | undefined {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const msg = receiveMessageOnPort(live.port);
      if (msg) return msg.message as Reply;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      Atomics.wait(live.signal, 0, 0, left);
      Atomics.store(live.signal, 0, 0);
    }
  }
}

function fromRecordAny(r: ErrorRecord | undefined): Error {
  if (!r) return byCode('eval_internal_error', 'evaluation failed');
  if (r.code.startsWith('eval_')) return fromRecord(r);
  return new PolicyError(r.code, r.message);
}
