// In-thread evaluation through the SDK. This is the fast path: no copies beyond the SDK's own,
// and the SDK resets the heap pointer on every evaluation, so memory stays flat across calls.
import { EvalLimitError, PolicyError, toEvalError } from './errors.ts';
import { customBuiltins } from './host-builtins.ts';
import { queryCache } from './misc-builtins.ts';
import { withArgTexts } from './exact-args.ts';
import { instantiate, type LoadedPolicy } from './sdk.ts';
import type { MemoryDescriptor, WasmMemory, WasmModule } from './wasm-api.ts';

export const PAGE = 65536;

/** `{result: value}` when the entrypoint is defined, `{}` when it is undefined (as `opa eval` prints). */
export interface EvalResult {
  result?: unknown;
}

export interface InstanceOptions {
  memory: MemoryDescriptor;
  strictBuiltinErrors: boolean;
  /** Loop iterations one evaluation may take (modules compiled by this project only). */
  maxSteps?: number;
}

type BudgetExport = ((steps: bigint) => void) | undefined;
type OpaEval = (ctx: number, entrypoint: number, data: number, input: number, inputLen: number, heap: number, format: number) => number;

/** What the SDK's loaded policy keeps for its ABI 1.2 fast path (fields of its LoadedPolicy). */
interface SdkState {
  minorVersion: number;
  dataAddr: number;
  dataHeapPtr: number;
  mem: WasmMemory;
  wasmInstance: { exports: Record<string, unknown> };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class LocalEvaluator {
  private policy: LoadedPolicy;
  private data: ArrayBuffer | undefined;
  private view: Uint8Array | undefined;
  private readonly module: WasmModule;
  private readonly options: InstanceOptions;
  readonly entrypoints: Record<string, number>;

  constructor(module: WasmModule, options: InstanceOptions) {
    this.module = module;
    this.options = options;
    this.policy = this.load();
    this.entrypoints = this.policy.entrypoints as Record<string, number>;
  }

  private load(): LoadedPolicy {
    let policy: LoadedPolicy;
    try {
      policy = instantiate(this.module, this.options.memory, customBuiltins(this.options.strictBuiltinErrors));
    } catch (e) {
      if (e instanceof PolicyError) throw e;
      throw new PolicyError('bundle_error', `cannot instantiate policy module: ${e instanceof Error ? e.message : String(e)}`);
    }
    const exports = (policy.wasmInstance as { exports: Record<string, unknown> }).exports;
    // Modules compiled by ocm make native builtin errors undefined unless told to be strict.
    if (this.options.strictBuiltinErrors && typeof exports.opa_strict_builtin_errors_set === 'function') {
      (exports.opa_strict_builtin_errors_set as (on: number) => void)(1);
    }
    if (this.options.maxSteps !== undefined) {
      // The runtime counts loop iterations and aborts with eval_cancel_error past the budget;
      // the count restarts with every evaluation.
      const setBudget = exports.opa_eval_budget_set as BudgetExport;
      if (typeof setBudget !== 'function') {
        throw new PolicyError('invalid_options', 'maxSteps needs a module compiled by ocm (this one has no opa_eval_budget_set); use timeoutMs instead');
      }
      setBudget(BigInt(this.options.maxSteps));
    }
    return policy;
  }

  /** Current size of the module's memory, in 64 KiB pages. */
  memoryPages(): number {
    return this.policy.mem.buffer.byteLength / PAGE;
  }

  /** Raw JSON bytes of the data document (an exactly sized buffer). */
  setData(json: ArrayBuffer): void {
    try {
      this.policy.setData(json);
    } catch (e) {
      throw this.fail(e);
    }
    this.data = json;
  }

  /**
   * Evaluates with the input given as JSON text. Modules with ABI 1.2 (ours and `opa build`'s)
   * get the text encoded straight into their memory above the data, as the SDK's own fast path
   * places it, without the intermediate copy the SDK's ArrayBuffer argument costs.
   */
  evaluateText(entrypoint: number, text: string): EvalResult {
    const state = this.policy as unknown as SdkState;
    const opaEval = state.wasmInstance.exports.opa_eval as OpaEval | undefined;
    if (state.minorVersion < 2 || typeof opaEval !== 'function') return this.evaluate(entrypoint, encoder.encode(text).buffer as ArrayBuffer);
    if (queryCache.size > 0) queryCache.clear();
    try {
      const mem = state.mem;
      const addr = state.dataHeapPtr;
      // UTF-8 takes at most 3 bytes per UTF-16 unit; only when that might not fit is the exact size worth counting
      if (addr + text.length * 3 > mem.buffer.byteLength) {
        const need = addr + Buffer.byteLength(text, 'utf8') - mem.buffer.byteLength;
        if (need > 0) mem.grow(Math.ceil(need / PAGE));
      }
      const { written } = encoder.encodeInto(text, this.memoryView(mem).subarray(addr));
      const out = withArgTexts(() => opaEval(0, entrypoint, state.dataAddr, addr, written, addr + written, 0));
      const view = this.memoryView(mem); // the evaluation may have grown memory
      const rs = JSON.parse(decoder.decode(view.subarray(out, view.indexOf(0, out)))) as { result?: unknown }[];
      return rs[0] === undefined ? {} : { result: rs[0].result };
    } catch (e) {
      throw this.fail(e);
    }
  }

  private memoryView(mem: WasmMemory): Uint8Array {
    if (this.view !== undefined && this.view.buffer === mem.buffer) return this.view;
    this.view = new Uint8Array(mem.buffer);
    return this.view;
  }

  /** Evaluates with `input` given as exactly sized JSON bytes (undefined input when absent). */
  evaluate(entrypoint: number, input: ArrayBuffer | undefined): EvalResult {
    let rs: unknown;
    if (queryCache.size > 0) queryCache.clear();
    try {
      rs = withArgTexts(() => this.policy.evaluate(input, entrypoint));
    } catch (e) {
      throw this.fail(e);
    }
    const first = (rs as { result?: unknown }[])[0];
    return first === undefined ? {} : { result: first.result };
  }

  private fail(e: unknown): Error {
    const max = this.options.memory.maximum;
    const atLimit = max !== undefined && this.memoryPages() >= max;
    const err = toEvalError(e, atLimit);
    // A runaway evaluation may leave memory grown to the limit; start again from a fresh instance.
    if (err instanceof EvalLimitError && err.limit === 'memory') this.reset();
    return err;
  }

  private reset(): void {
    this.policy = this.load();
    if (this.data) this.policy.setData(this.data);
  }
}
