// Rego modules → wasm bytes: parse and plan (src/policy/rego), generate code (src/policy/wasm).
// Results are cached by content hash in memory (LRU) and, optionally, in a directory on disk.
// The compiler is imported on first use, so loading a prebuilt bundle never pays for binaryen.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompileError, PolicyError, type CompileProblem } from './errors.ts';
import type { RegoError } from '../rego/errors.ts';
import type { Policy as PlanPolicy } from '../ir/ir.ts';

export interface RegoModule {
  filename: string;
  source: string;
}

export interface CompileOptions {
  /** Entrypoints to export, as `pkg/rule` (or `data.pkg.rule`). */
  entrypoints: string[];
  /** Rego syntax version of the modules (default 1). */
  regoVersion?: 0 | 1;
  /** Directory for the on-disk cache (shared across processes); none by default. */
  cacheDir?: string;
  /** Accept OPA's experimental keywords (`a and b`, `a or b`), as the parser's flag of that name. */
  experimentalKeywords?: boolean;
}

interface Toolchain {
  compilePolicy(modules: RegoModule[], opts: { entrypoints: string[]; regoVersion?: 0 | 1; experimentalKeywords?: boolean }): PlanPolicy;
  generateWasm(policy: PlanPolicy): Uint8Array;
}

let toolchain: Promise<Toolchain> | undefined;

function loadToolchain(): Promise<Toolchain> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  toolchain ??= Promise.all([import(/* @vite-ignore */ `../rego/compiler/index${ext}`), import(/* @vite-ignore */ `../wasm/codegen${ext}`)]).then(
    ([c, w]) => ({ compilePolicy: c.compilePolicy, generateWasm: w.generateWasm }) as Toolchain,
  );
  return toolchain;
}

/** Loads the compiler ahead of time (it takes about a second the first time). */
export async function prepareCompiler(): Promise<void> {
  await loadToolchain();
}

const LRU_MAX_BYTES = 64 * 1024 * 1024;
const lru = new Map<string, Uint8Array>();
let lruBytes = 0;

function lruGet(key: string): Uint8Array | undefined {
  const v = lru.get(key);
  if (v) {
    lru.delete(key);
    lru.set(key, v);
  }
  return v;
}

function lruPut(key: string, value: Uint8Array): void {
  if (lru.has(key)) return;
  lru.set(key, value);
  lruBytes += value.length;
  for (const [k, v] of lru) {
    if (lruBytes <= LRU_MAX_BYTES) break;
    lru.delete(k);
    lruBytes -= v.length;
  }
}

/** Drops every in-memory cache entry (for measuring cold compiles). */
export function clearCompileCache(): void {
  lru.clear();
  lruBytes = 0;
}

let fingerprint: string | undefined;

/** A hash of the compiler's own code and runtime, so an on-disk cache never outlives a compiler change. */
function toolchainFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash('sha256');
  const policyDir = fileURLToPath(new URL('..', import.meta.url));
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|js|wasm)$/.test(name)) h.update(p).update(readFileSync(p));
    }
  };
  for (const sub of ['rego', 'wasm', 'ir']) walk(join(policyDir, sub));
  walk(join(policyDir, '..', '..', 'build'));
  fingerprint = h.digest('hex');
  return fingerprint;
}

export function cacheKey(modules: RegoModule[], opts: CompileOptions): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ v: opts.regoVersion ?? 1, e: [...opts.entrypoints].sort(), x: opts.experimentalKeywords === true }));
  for (const m of [...modules].sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0))) {
    h.update('\0').update(m.filename).update('\0').update(m.source);
  }
  return h.digest('hex');
}

/** Compiles Rego modules into an OPA-ABI wasm module exporting the given entrypoints. */
export async function compileModules(modules: RegoModule[], opts: CompileOptions): Promise<Uint8Array> {
  const entrypoints = opts.entrypoints.map(toEntrypoint);
  const key = cacheKey(modules, { ...opts, entrypoints });
  const hit = lruGet(key);
  if (hit) return hit;

  const diskFile = opts.cacheDir ? join(opts.cacheDir, `${createHash('sha256').update(key + toolchainFingerprint()).digest('hex')}.wasm`) : undefined;
  if (diskFile && existsSync(diskFile)) {
    const bytes = new Uint8Array(readFileSync(diskFile));
    lruPut(key, bytes);
    return bytes;
  }

  const tc = await loadToolchain();
  let wasm: Uint8Array;
  try {
    const plan = tc.compilePolicy(modules, { entrypoints, regoVersion: opts.regoVersion ?? 1, experimentalKeywords: opts.experimentalKeywords });
    wasm = tc.generateWasm(plan);
  } catch (e) {
    throw toCompileError(e);
  }
  lruPut(key, wasm);
  if (diskFile && opts.cacheDir) {
    mkdirSync(opts.cacheDir, { recursive: true });
    const tmp = `${diskFile}.${process.pid}.tmp`;
    writeFileSync(tmp, wasm);
    renameSync(tmp, diskFile);
  }
  return wasm;
}

function toEntrypoint(ref: string): string {
  const t = ref.trim();
  if (t.includes('/')) return t.replace(/^\/+|\/+$/g, '');
  return t.replace(/^data\./, '').split('.').join('/');
}

function isRegoError(e: unknown): e is RegoError {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && 'reason' in e;
}

/** RegoError (with all the errors found together) → CompileError; anything else is an internal compiler failure. */
export function toCompileError(e: unknown): PolicyError {
  if (isRegoError(e)) {
    const all = Array.isArray(e.errors) && e.errors.length > 0 ? e.errors : [e];
    const problems: CompileProblem[] = all.map((x) => ({ code: x.code, message: x.reason, location: x.location }));
    return new CompileError(problems);
  }
  if (e instanceof PolicyError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new CompileError([{ code: 'rego_compile_error', message: `internal compiler error: ${msg}` }]);
}
