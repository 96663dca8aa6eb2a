// IR -> OPA-ABI WebAssembly: per-policy code generated with binaryen.js and spliced into the
// precompiled AssemblyScript runtime (design B1 in spec/opa-wasm.md). The runtime imports the
// policy's functions from module "policy"; each import is replaced by a generated function with the
// same internal name, so the runtime's callers reach the generated code.
import binaryen from 'binaryen';
import type * as ir from '../ir/ir.ts';
import { ConstantPool } from './layout.ts';
import { runtimeBytes, staticDataEnd } from './runtime.ts';
import { memoisableFunctions } from './memoisable.ts';
import { inputProjection } from '../ir/input-projection.ts';
import { writeProjection } from './projection-layout.ts';
import { FunctionCompiler, type ModuleContext } from './statements.ts';

export interface GenerateOptions {
  /**
   * 'none' (default): no binaryen passes; the runtime is already optimised by asc and generated
   * code is mostly calls into it, so this compiles fastest at the same evaluation speed (measured).
   * 'functions': optimise the generated functions and drop unused runtime code.
   * 'full': whole-module optimisation (seconds per policy; no measured gain).
   */
  optimize?: 'none' | 'functions' | 'full';
  /** Runtime module bytes; defaults to build/policy-runtime.wasm. */
  runtime?: Uint8Array;
  /**
   * ABI minor version to advertise: 2 (default) lets the SDK use the one-call `opa_eval` fast
   * path; 1 makes it use the legacy ctx/eval/dump sequence (both are always exported).
   */
  abiMinorVersion?: 1 | 2;
}

const FEATURES =
  binaryen.Features.MVP | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt |
  binaryen.Features.MutableGlobals | binaryen.Features.SignExt | binaryen.Features.NontrappingFPToInt |
  binaryen.Features.ExceptionHandling;

const CONSTANTS_SEGMENT = 'policy_constants';
const POLICY_IMPORTS = ['eval', 'builtins', 'entrypoints', 'heap_base', 'input_projection'] as const;

/** Compiles an IR policy into a module that @open-policy-agent/opa-wasm loads unchanged. */
export function generateWasm(policy: ir.Policy, options: GenerateOptions = {}): Uint8Array {
  const bytes = options.runtime ?? runtimeBytes();
  const m = binaryen.readBinary(bytes);
  try {
    m.setFeatures(FEATURES);
    const gen = new Generator(m, policy, staticDataEnd(bytes));
    gen.generate();
    if (options.abiMinorVersion === 1) advertiseMinorVersion(m, 1);
    optimize(m, gen, options.optimize ?? 'none');
    if (!m.validate()) throw new Error('generated module does not validate');
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}

function advertiseMinorVersion(m: binaryen.Module, minor: number): void {
  m.removeExport('opa_wasm_abi_minor_version');
  m.addGlobal('policy:abi_minor_version', binaryen.i32, false, m.i32.const(minor));
  m.addGlobalExport('policy:abi_minor_version', 'opa_wasm_abi_minor_version');
}

function optimize(m: binaryen.Module, gen: Generator, level: 'none' | 'functions' | 'full'): void {
  if (level === 'none') return;
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(0);
  if (level === 'functions') {
    for (const name of gen.generatedFunctions) m.optimizeFunction(name);
    m.runPasses(['remove-unused-module-elements']);
  } else {
    m.optimize();
  }
}

class Generator implements ModuleContext {
  readonly m: binaryen.Module;
  readonly policy: ir.Policy;
  readonly generatedFunctions: string[] = [];
  private readonly exportsByName = new Map<string, string>();
  private readonly policyImports = new Map<string, string>();
  private readonly pool: ConstantPool;
  private readonly strings: { value: number; bytes: number; length: number }[] = [];
  private readonly bools: { true: number; false: number };
  private readonly files: number[] = [];
  private readonly funcs = new Map<string, { internal: string; index: number; func: ir.Func }>();
  private readonly hostBuiltins = new Map<string, number>();
  private readonly hostImports = new Map<number, string>();
  private builtinsJson = 0;
  private builtinsJsonLen = 0;
  private entrypointsJson = 0;
  private entrypointsJsonLen = 0;

  constructor(m: binaryen.Module, policy: ir.Policy, staticEnd: number) {
    this.m = m;
    this.policy = policy;
    for (let i = 0; i < m.getNumExports(); i++) {
      const info = binaryen.getExportInfo(m.getExportByIndex(i));
      if (info.kind === binaryen.ExternalFunction) this.exportsByName.set(info.name, info.value);
    }
    for (let i = 0; i < m.getNumFunctions(); i++) {
      const f = binaryen.getFunctionInfo(m.getFunctionByIndex(i));
      if (f.module === 'policy' && f.base) this.policyImports.set(f.base, f.name);
    }
    for (const name of POLICY_IMPORTS) {
      if (!this.policyImports.has(name)) throw new Error(`policy runtime does not import policy.${name}`);
    }
    this.pool = new ConstantPool((staticEnd + 15) & ~15);
    for (const s of policy.static.strings) this.strings.push(this.pool.addStringValue(s.value));
    this.bools = { true: this.pool.addBooleanValue(true), false: this.pool.addBooleanValue(false) };
    for (const f of policy.static.files ?? []) this.files.push(this.pool.addCString(f.value));
  }

  // ---- ModuleContext (used by the statement compiler) ----

  runtime(name: string): string {
    const internal = this.exportsByName.get(name);
    if (!internal) throw new Error(`policy runtime does not export ${name}`);
    return internal;
  }

  stringValue(index: number): number {
    const s = this.strings[index];
    if (!s) throw new Error(`string index ${index} is out of range (static.strings has ${this.strings.length})`);
    return s.value;
  }

  stringBytes(index: number): { addr: number; length: number } {
    const s = this.strings[index];
    if (!s) throw new Error(`string index ${index} is out of range (static.strings has ${this.strings.length})`);
    return { addr: s.bytes, length: s.length };
  }

  boolValue(b: boolean): number {
    return b ? this.bools.true : this.bools.false;
  }

  fileName(index: number | undefined): number {
    return index === undefined ? 0 : (this.files[index] ?? 0);
  }

  userFunc(name: string): { internal: string; index: number; func: ir.Func } | undefined {
    return this.funcs.get(name);
  }

  nativeBuiltin(name: string): string | undefined {
    const exportName = `builtin:${name}`;
    return this.exportsByName.get(exportName);
  }

  hostBuiltin(name: string, arity: number): { id: number; dispatcher: string } {
    let id = this.hostBuiltins.get(name);
    if (id === undefined) {
      id = this.policy.static.builtin_funcs.findIndex((b) => b.name === name);
      if (id < 0) throw new Error(`call to unknown function ${name}: not a policy function nor in static.builtin_funcs`);
      this.hostBuiltins.set(name, id);
    }
    if (arity > 4) throw new Error(`builtin ${name} takes ${arity} arguments; host builtins take at most 4`);
    let dispatcher = this.hostImports.get(arity);
    if (!dispatcher) {
      dispatcher = `opa_builtin${arity}`;
      const params = binaryen.createType(new Array(arity + 2).fill(binaryen.i32));
      this.m.addFunctionImport(dispatcher, 'env', dispatcher, params, binaryen.i32);
      this.hostImports.set(arity, dispatcher);
    }
    return { id, dispatcher };
  }

  // ---- generation ----

  generate(): void {
    const funcs = this.policy.funcs?.funcs ?? [];
    funcs.forEach((func, index) => {
      if (this.funcs.has(func.name)) throw new Error(`duplicate function ${func.name} in IR`);
      this.funcs.set(func.name, { internal: `policy:${func.name}`, index, func });
    });
    const memoised = memoisableFunctions(funcs);
    for (const func of funcs) {
      const fc = new FunctionCompiler(this, func.params.length);
      const entry = this.funcs.get(func.name)!;
      const body = fc.compileFunc(func, entry.index, memoised.has(func.name));
      const params = binaryen.createType(func.params.map(() => binaryen.i32));
      this.m.addFunction(entry.internal, params, binaryen.i32, fc.varTypes(), body);
      this.generatedFunctions.push(entry.internal);
    }
    this.generateEval(funcs.length);
    this.generateInputProjections();
    this.generateTables();
    this.replaceImport('builtins', binaryen.none, binaryen.i32, [], this.jsonParseCall(this.builtinsJson, this.builtinsJsonLen));
    this.replaceImport('entrypoints', binaryen.none, binaryen.i32, [], this.jsonParseCall(this.entrypointsJson, this.entrypointsJsonLen));
    this.addConstants();
    this.dropBuiltinExports();
  }

  private generateEval(numFuncs: number): void {
    const fc = new FunctionCompiler(this, 1);
    const body = fc.compilePlans(this.policy.plans?.plans ?? [], numFuncs);
    this.replaceImport('eval', binaryen.i32, binaryen.none, fc.varTypes(), body);
  }

  /** input_projection(entrypoint): what opa_eval builds of the input for each plan (0 = all of it). */
  private generateInputProjections(): void {
    const m = this.m;
    const plans = this.policy.plans?.plans ?? [];
    const roots = plans.map((plan) => writeProjection(this.pool, inputProjection(this.policy, plan)));
    let body: binaryen.ExpressionRef = m.i32.const(0);
    if (roots.some((r) => r !== 0)) {
      const table = this.pool.addWords(roots);
      const entrypoint = m.local.get(0, binaryen.i32);
      body = m.if(
        m.i32.lt_u(entrypoint, m.i32.const(roots.length)),
        m.i32.load(0, 4, m.i32.add(m.i32.const(table), m.i32.shl(entrypoint, m.i32.const(2))), this.memoryName()),
        m.i32.const(0),
      );
    }
    this.replaceImport('input_projection', binaryen.i32, binaryen.i32, [], body);
  }

  private generateTables(): void {
    const builtins: Record<string, number> = {};
    for (const [name, id] of this.hostBuiltins) builtins[name] = id;
    const b = new TextEncoder().encode(JSON.stringify(builtins));
    this.builtinsJson = this.pool.addBytes(b);
    this.builtinsJsonLen = b.length;
    const entrypoints: Record<string, number> = {};
    (this.policy.plans?.plans ?? []).forEach((p, i) => {
      entrypoints[p.name] = i;
    });
    const e = new TextEncoder().encode(JSON.stringify(entrypoints));
    this.entrypointsJson = this.pool.addBytes(e);
    this.entrypointsJsonLen = e.length;
  }

  /** Parses constant JSON text; reads the heap pointer first so the constants are in memory. */
  private jsonParseCall(addr: number, len: number): binaryen.ExpressionRef {
    const m = this.m;
    return m.block(null, [
      m.drop(m.call(this.runtime('opa_heap_ptr_get'), [], binaryen.i32)),
      m.call(this.runtime('opa_json_parse'), [m.i32.const(addr), m.i32.const(len)], binaryen.i32),
    ], binaryen.i32);
  }

  private replaceImport(name: string, params: binaryen.Type, results: binaryen.Type, vars: binaryen.Type[], body: binaryen.ExpressionRef): void {
    const internal = this.policyImports.get(name)!;
    this.m.removeFunction(internal);
    this.m.addFunction(internal, params, results, vars, body);
    this.generatedFunctions.push(internal);
  }

  /**
   * Adds the constants as a passive data segment (through the C API: the JS setMemory wrapper
   * would replace the memory) and generates heap_base(), which the runtime calls once before the
   * first allocation: it grows memory as needed, copies the constants in and returns the heap start.
   * A passive segment keeps instantiation independent of the host's initial memory size.
   */
  private addConstants(): void {
    const data = this.pool.data();
    const heapBase = this.pool.base + data.length;
    const memoryName = this.memoryName();
    const b = binaryen as unknown as BinaryenRaw;
    const mod = this.m as unknown as { ptr: number };
    const cstr = (s: string): number => {
      const p = b._malloc(s.length + 1);
      b.stringToAscii(s, p);
      return p;
    };
    const segName = cstr(CONSTANTS_SEGMENT);
    const memName = cstr(memoryName);
    const bytesPtr = b._malloc(data.length + 1);
    b.stringToAscii(latin1(data), bytesPtr);
    b._BinaryenAddDataSegment(mod.ptr, segName, memName, true, 0, bytesPtr, data.length);
    b._free(segName);
    b._free(memName);
    b._free(bytesPtr);

    const m = this.m;
    const pages = Math.ceil(heapBase / 65536);
    const body = m.block(null, [
      m.if(
        m.i32.lt_u(m.memory.size(memoryName), m.i32.const(pages)),
        m.drop(m.memory.grow(m.i32.sub(m.i32.const(pages), m.memory.size(memoryName)), memoryName)),
      ),
      m.memory.init(CONSTANTS_SEGMENT, m.i32.const(this.pool.base), m.i32.const(0), m.i32.const(data.length), memoryName),
      m.data.drop(CONSTANTS_SEGMENT),
      m.return(m.i32.const(heapBase)),
    ], binaryen.none);
    this.replaceImport('heap_base', binaryen.none, binaryen.i32, [], body);
  }

  private memoryName(): string {
    for (let i = 0; i < this.m.getNumExports(); i++) {
      const info = binaryen.getExportInfo(this.m.getExportByIndex(i));
      if (info.kind === binaryen.ExternalMemory) return info.value;
    }
    throw new Error('policy runtime does not export its memory');
  }

  /** Native builtins are internal to the module: their exports go, so unused ones can be pruned. */
  private dropBuiltinExports(): void {
    for (const name of [...this.exportsByName.keys()]) {
      if (name.startsWith('builtin:')) this.m.removeExport(name);
    }
  }
}

interface BinaryenRaw {
  _malloc(n: number): number;
  _free(p: number): void;
  stringToAscii(s: string, p: number): void;
  _BinaryenAddDataSegment(m: number, name: number, memory: number, passive: boolean, offset: number, data: number, size: number): void;
}

function latin1(data: Uint8Array): string {
  let s = '';
  for (let i = 0; i < data.length; i += 8192) s += String.fromCharCode(...data.subarray(i, i + 8192));
  return s;
}
