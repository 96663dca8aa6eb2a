// The policy engine: compile Rego to wasm, load wasm modules and OPA bundles, evaluate with limits.
export { compileModules, prepareCompiler, clearCompileCache, type RegoModule, type CompileOptions } from './compile.ts';
export { loadPolicy, Policy, entrypointName, DEFAULT_MAX_MEMORY_PAGES, type LoadOptions, type PolicySource, type EvalResult } from './policy.ts';
export { readBundle, writeBundle, bundleFromFiles, type Bundle, type BundleContents, type Manifest } from './bundle.ts';
export {
  PolicyError,
  CompileError,
  EvalError,
  EvalConflictError,
  EvalTypeError,
  EvalBuiltinError,
  EvalLimitError,
  BundleError,
  type CompileProblem,
  type SourceLocation,
  type LimitKind,
} from './errors.ts';
