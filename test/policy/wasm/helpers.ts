// Test helpers: build IR policies by hand and evaluate them through the unchanged OPA SDK on both
// the fast path (ABI 1.2 opa_eval) and the legacy path (ctx/eval/dump).
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { expect } from 'vitest';
import type * as ir from '../../../src/policy/ir/ir.ts';
import { generateWasm, type GenerateOptions } from '../../../src/policy/wasm/codegen.ts';

export type LoadedPolicy = Awaited<ReturnType<typeof loadPolicy>>;

/** The parts of the WebAssembly API the tests use (the project's TS lib has no DOM types). */
export interface WasmMemory { readonly buffer: ArrayBuffer }
interface WasmApi {
  Module: { new (bytes: Uint8Array): object; exports(m: object): { name: string }[]; imports(m: object): { module: string; name: string }[] };
}
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The instance exports and memory behind a loaded policy. */
export function internals<T>(p: LoadedPolicy): { exports: T; mem: WasmMemory } {
  const inner = p as unknown as { wasmInstance: { exports: T }; mem: WasmMemory };
  return { exports: inner.wasmInstance.exports, mem: inner.mem };
}

export class PolicyBuilder {
  private readonly strings: string[] = [];
  private readonly builtins: ir.BuiltinFunc[] = [];
  private readonly plans: ir.Plan[] = [];
  private readonly funcs: ir.Func[] = [];
  private readonly files: string[] = [];

  /** Index of a string in static.strings (interned). */
  si(v: string): number {
    let i = this.strings.indexOf(v);
    if (i < 0) {
      i = this.strings.length;
      this.strings.push(v);
    }
    return i;
  }

  str(v: string): ir.Operand {
    return { type: 'string_index', value: this.si(v) };
  }

  file(name: string): number {
    this.files.push(name);
    return this.files.length - 1;
  }

  builtin(name: string, arity: number): this {
    this.builtins.push({ name, arity });
    return this;
  }

  /** Statements that add {"result": local} to the result set, using `tmp` as scratch. */
  result(local: number, tmp: number): ir.Stmt[] {
    return [
      { type: 'MakeObjectStmt', target: tmp },
      { type: 'ObjectInsertStmt', key: this.str('result'), value: l(local), object: tmp },
      { type: 'ResultSetAddStmt', value: tmp },
    ];
  }

  plan(name: string, blocks: ir.Stmt[][]): this {
    this.plans.push({ name, blocks: blocks.map((stmts) => ({ stmts })) });
    return this;
  }

  func(f: ir.Func): this {
    this.funcs.push(f);
    return this;
  }

  build(): ir.Policy {
    return {
      static: {
        strings: this.strings.map((value) => ({ value })),
        builtin_funcs: this.builtins,
        files: this.files.map((value) => ({ value })),
      },
      plans: { plans: this.plans },
      funcs: { funcs: this.funcs },
    };
  }
}

export const l = (value: number): ir.Operand => ({ type: 'local', value });
export const bool = (value: boolean): ir.Operand => ({ type: 'bool', value });
export const block = (...stmts: ir.Stmt[]): ir.Block => ({ stmts });

export async function load(policy: ir.Policy, options: GenerateOptions = {},
  customBuiltins: Record<string, (...args: unknown[]) => unknown> = {}): Promise<LoadedPolicy> {
  return loadPolicy(generateWasm(policy, options), undefined, customBuiltins);
}

/** Loads the policy twice (fast path and legacy path). */
export async function loadBoth(policy: ir.Policy, customBuiltins: Record<string, (...args: unknown[]) => unknown> = {}):
  Promise<{ fast: LoadedPolicy; legacy: LoadedPolicy }> {
  const fast = await load(policy, {}, customBuiltins);
  const legacy = await load(policy, { abiMinorVersion: 1 }, customBuiltins);
  return { fast, legacy };
}

/** Evaluates on both paths, checks they agree, and returns the SDK's result array. */
export function evalBoth(p: { fast: LoadedPolicy; legacy: LoadedPolicy }, input: unknown, entrypoint: string | number = 0,
  data?: object): unknown {
  if (data !== undefined) {
    p.fast.setData(data);
    p.legacy.setData(data);
  }
  const a = p.fast.evaluate(input, entrypoint);
  const b = p.legacy.evaluate(input, entrypoint);
  expect(b).toEqual(a);
  return a;
}

/** The message the SDK throws when the module aborts. */
export function abortMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (typeof e === 'string') return e;
    if (e instanceof Error) return e.message;
    return String((e as { message?: string }).message ?? e);
  }
  throw new Error('expected the evaluation to abort');
}
