// A loaded policy: a wasm module (ours or from `opa build -t wasm`) or an OPA bundle, evaluated
// through @open-policy-agent/opa-wasm with memory and time limits.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { bundleFromFiles, isGzip, readBundle, type Bundle } from './bundle.ts';
import { BundleError, PolicyError } from './errors.ts';
import { LocalEvaluator, type EvalResult, type InstanceOptions } from './local.ts';
import { TimedEvaluator } from './timed.ts';
import { isWasm, memoryImport } from './wasm-info.ts';
import type { TarEntry } from './tar.ts';
import { WasmJs, type WasmModule } from './wasm-api.ts';

export type { EvalResult } from './local.ts';

export interface LoadOptions {
  /** Initial memory in 64 KiB pages (default 5, raised to the module's declared minimum). */
  initialMemoryPages?: number;
  /** Memory limit in 64 KiB pages (default 4096 = 256 MiB). */
  maxMemoryPages?: number;
  /** Time limit of one evaluation in ms. When set, evaluations run in a worker thread. */
  timeoutMs?: number;
  /**
   * Loop iterations one evaluation may take before it fails with eval_cancel_error. Enforced
   * inside the module, in-thread (no worker); available for modules compiled by ocm.
   */
  maxSteps?: number;
  /** Abort on a builtin error (eval_builtin_error) instead of making the call undefined. */
  strictBuiltinErrors?: boolean;
  /** Initial data document (replaces a bundle's data when given). */
  data?: unknown;
}

export const DEFAULT_MAX_MEMORY_PAGES = 4096;

interface Evaluator {
  readonly entrypoints?: Record<string, number>;
  setData(json: ArrayBuffer): void;
  evaluate(entrypoint: number, input: ArrayBuffer | undefined): EvalResult;
}

const encoder = new TextEncoder();

function jsonBytes(value: unknown): ArrayBuffer {
  const text = JSON.stringify(value);
  if (text === undefined) throw new PolicyError('invalid_input', `cannot encode ${typeof value} as JSON`);
  return encoder.encode(text).buffer as ArrayBuffer;
}

function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return new Uint8Array(bytes).buffer as ArrayBuffer;
}

/** `data.a.b`, `a.b` or `a/b` → the wasm entrypoint name `a/b`. */
export function entrypointName(ref: string): string {
  const trimmed = ref.trim();
  if (trimmed.includes('/')) return trimmed.replace(/^\/+|\/+$/g, '');
  return trimmed.replace(/^data\./, '').replace(/^data$/, '').split('.').join('/');
}

export class Policy {
  /** Entrypoint names (`pkg/rule`) the module exports. */
  readonly entrypoints: string[];
  /** The bundle's manifest and Rego sources, when loaded from a bundle. */
  readonly bundle?: Bundle;
  private readonly ids: Record<string, number>;
  private readonly evaluator: Evaluator;
  private readonly local: LocalEvaluator;
  private readonly timed?: TimedEvaluator;

  constructor(module: WasmModule, memoryMin: number | undefined, memoryMax: number | undefined, options: LoadOptions, bundle?: Bundle) {
    const maximum = Math.min(options.maxMemoryPages ?? DEFAULT_MAX_MEMORY_PAGES, memoryMax ?? Infinity);
    const initial = Math.max(options.initialMemoryPages ?? 5, memoryMin ?? 0);
    if (initial > maximum) {
      throw new PolicyError('invalid_options', `maxMemoryPages ${maximum} is below the module's minimum of ${initial} pages`);
    }
    if (options.maxSteps !== undefined && !(Number.isInteger(options.maxSteps) && options.maxSteps > 0)) {
      throw new PolicyError('invalid_options', `maxSteps must be a positive integer, got ${options.maxSteps}`);
    }
    const instance: InstanceOptions = { memory: { initial, maximum }, strictBuiltinErrors: options.strictBuiltinErrors ?? false, maxSteps: options.maxSteps };
    // The entrypoint table comes from an in-thread instance; with a time limit evaluation moves to a worker.
    const local = new LocalEvaluator(module, instance);
    this.local = local;
    this.ids = local.entrypoints;
    this.entrypoints = Object.keys(this.ids);
    this.bundle = bundle;
    if (options.timeoutMs !== undefined) {
      if (!(options.timeoutMs > 0)) throw new PolicyError('invalid_options', `timeoutMs must be positive, got ${options.timeoutMs}`);
      this.timed = new TimedEvaluator(module, instance, options.timeoutMs);
      this.evaluator = this.timed;
    } else {
      this.evaluator = local;
    }
    const data = options.data ?? bundle?.data;
    if (data !== undefined) this.setData(data);
  }

  /** Replaces the data document. */
  setData(data: unknown): void {
    this.evaluator.setData(jsonBytes(data));
  }

  /** Replaces the data document with raw JSON text. */
  setDataJson(json: string | Uint8Array): void {
    this.evaluator.setData(typeof json === 'string' ? (encoder.encode(json).buffer as ArrayBuffer) : exactBuffer(json));
  }

  /** Evaluates an entrypoint (`pkg/rule` or `data.pkg.rule`) with a JS input value (undefined = no input). */
  evaluate(entrypoint: string, input?: unknown): EvalResult {
    return this.evaluator.evaluate(this.id(entrypoint), input === undefined ? undefined : jsonBytes(input));
  }

  /** Evaluates with the input given as JSON text, as it arrives over the wire. */
  evaluateJson(entrypoint: string, json: string | Uint8Array): EvalResult {
    if (typeof json === 'string' && this.evaluator === this.local) return this.local.evaluateText(this.id(entrypoint), json);
    const bytes = typeof json === 'string' ? (encoder.encode(json).buffer as ArrayBuffer) : exactBuffer(json);
    return this.evaluator.evaluate(this.id(entrypoint), bytes);
  }

  /** Size of the module's memory in 64 KiB pages (in-thread evaluation; undefined with a time limit). */
  memoryPages(): number | undefined {
    return this.timed ? undefined : this.local.memoryPages();
  }

  /** Stops the evaluation worker, if any. */
  close(): void {
    this.timed?.close();
  }

  private id(entrypoint: string): number {
    const id = Object.hasOwn(this.ids, entrypoint) ? this.ids[entrypoint] : this.ids[entrypointName(entrypoint)];
    if (id === undefined) {
      throw new PolicyError('invalid_entrypoint', `entrypoint ${entrypoint} is not defined; the policy exports: ${this.entrypoints.join(', ') || '(none)'}`);
    }
    return id;
  }
}

export type PolicySource = Uint8Array | ArrayBuffer | string;

/**
 * Loads a policy from wasm bytes, bundle bytes (tar.gz), or a path to either (or to a bundle
 * directory). A bundle's data becomes the initial data document.
 */
export function loadPolicy(source: PolicySource, options: LoadOptions = {}): Policy {
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    let st;
    try {
      st = statSync(source);
    } catch {
      throw new BundleError(`policy ${source}: no such file or directory`);
    }
    if (st.isDirectory()) return fromBundle(bundleFromFiles(readDirFiles(source)), options, source);
    bytes = readFileSync(source);
  } else {
    bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : source;
  }
  if (isWasm(bytes)) return fromWasm(bytes, options);
  if (isGzip(bytes)) return fromBundle(readBundle(bytes), options, typeof source === 'string' ? source : 'bundle');
  throw new BundleError(`policy ${typeof source === 'string' ? source : '(bytes)'}: neither a wasm module nor a gzipped bundle`);
}

function fromWasm(bytes: Uint8Array, options: LoadOptions, bundle?: Bundle): Policy {
  let mem;
  let module: WasmModule;
  try {
    mem = memoryImport(bytes);
    module = new WasmJs.Module(bytes);
  } catch (e) {
    throw new BundleError(`invalid wasm module: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!mem || mem.module !== 'env' || mem.name !== 'memory') {
    throw new BundleError('invalid wasm module: it does not import env.memory, so it does not follow the OPA wasm ABI');
  }
  return new Policy(module, mem.min, mem.max, options, bundle);
}

function fromBundle(bundle: Bundle, options: LoadOptions, where: string): Policy {
  if (!bundle.wasm) {
    throw new BundleError(`bundle ${where} holds no policy.wasm; build it with \`ocm policy build\` or \`opa build -t wasm\``);
  }
  return fromWasm(bundle.wasm.bytes, options, bundle);
}

function readDirFiles(dir: string): TarEntry[] {
  const out: TarEntry[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push({ name: relative(dir, p).split(sep).join('/'), data: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}
