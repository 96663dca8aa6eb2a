// OPA's YAML test cases (v1/test/cases/testdata) run through the engine the way npm-opa-wasm
// runs them through `opa build -t wasm`: the query `data.a.b = x` becomes entrypoint `a/b` and
// `res[0].result` is compared with `want_result[0].x`. Other queries are wrapped in a rule whose
// value is the set of their bindings. Files under a `v0/` folder are Rego v0, the rest v1.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { compileModules } from '../compile.ts';
import { messageOf, PolicyError } from '../errors.ts';
import { loadPolicy, type EvalResult } from '../policy.ts';
import { RANK, compareValues } from '../value-order.ts';

export { compareValues } from '../value-order.ts';

export interface RegoCase {
  note: string;
  query: string;
  modules?: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_result?: Record<string, unknown>[];
  want_error_code?: string;
  want_error?: string;
  strict_error?: boolean;
  sort_bindings?: boolean;
  skip?: boolean;
  experimental_keywords?: boolean;
}

export interface CaseOutcome {
  id: string;
  ok: boolean;
  reason?: string;
}

/** Case files below `root`, as sorted paths relative to it. */
export function listCaseFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out;
}

export function readCaseFile(root: string, rel: string): RegoCase[] {
  const doc = parseYaml(readFileSync(join(root, rel), 'utf8')) as { cases?: RegoCase[] } | null;
  return doc?.cases ?? [];
}

/** Whether a case file is Rego v0: any `v0` folder on its path, so `--cases .../v0/withkeyword` runs as v0 too. */
export function regoVersionOf(path: string): 0 | 1 {
  return path.split('/').includes('v0') ? 0 : 1;
}

/** The folder a case file is reported under (`v0/aggregates`). */
export function folderOf(rel: string): string {
  return rel.split('/').slice(0, -1).join('/');
}

const REF = String.raw`data((?:\.[A-Za-z_][A-Za-z0-9_]*)*)`;
const VAR = String.raw`([A-Za-z_][A-Za-z0-9_]*)`;
// `data.a.b = x` and `x = data.a.b`; `data = x` is the whole data document (entrypoint "").
const SIMPLE = [new RegExp(String.raw`^\s*${REF}\s*=\s*${VAR}\s*$`), new RegExp(String.raw`^\s*${VAR}\s*=\s*${REF}\s*$`)];
const WRAP_PKG = '__conformance__';

interface Plan {
  entrypoint: string;
  /** Input given as a JSON term (input_term) in the simple form. */
  input?: unknown;
  extraModule?: string;
  /** Simple form: the binding variable compared with res[0].result. Wrapped form: undefined. */
  variable?: string;
}

function planQuery(c: RegoCase, version: 0 | 1): Plan {
  const [a, b] = SIMPLE.map((re) => re.exec(c.query));
  const [path, variable] = a ? [a[1], a[2]] : b ? [b[2], b[1]] : [undefined, undefined];
  const termInput = c.input_term === undefined ? undefined : jsonTerm(c.input_term);
  if (path !== undefined && variable !== undefined && variable !== 'input' && variable !== 'data' && (c.input_term === undefined || termInput !== undefined)) {
    // an input term that is plain JSON is passed as input (a wrapper rule reading `data` would depend on itself)
    return { entrypoint: path.slice(1).split('.').join('/'), variable, ...(termInput !== undefined ? { input: termInput.value } : {}) };
  }
  const vars = Object.keys(c.want_result?.[0] ?? {});
  const key = vars.length ? `{${vars.map((v) => `"${v}": ${v}`).join(', ')}}` : '1';
  const body = c.query.trim().replace(/\n/g, '; ');
  const withInput = c.input_term !== undefined ? ` with input as ${c.input_term}` : '';
  // `with` applies to one expression, so the whole query runs inside a helper rule when input is a term.
  const src =
    version === 0
      ? withInput
        ? `package ${WRAP_PKG}\nq = r { r := {${key} | ${body}}${withInput} }\n`
        : `package ${WRAP_PKG}\nq = r { r := {${key} | ${body}} }\n`
      : withInput
        ? `package ${WRAP_PKG}\nq := r if { r := {${key} | ${body}}${withInput} }\n`
        : `package ${WRAP_PKG}\nq := {${key} | ${body}}\n`;
  return { entrypoint: `${WRAP_PKG}/q`, extraModule: src };
}

function jsonTerm(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined; // a Rego term (sets, refs ...): planned inside a wrapper rule
  }
}

export interface RunOptions {
  maxMemoryPages?: number;
  cacheDir?: string;
}

export async function runRegoCase(c: RegoCase, id: string, version: 0 | 1, opts: RunOptions = {}): Promise<CaseOutcome> {
  const wantsError = c.want_error_code !== undefined || c.want_error !== undefined;
  let result: EvalResult;
  let plan: Plan;
  try {
    plan = planQuery(c, version);
    const modules = (c.modules ?? []).map((source, i) => ({ filename: `mod${i}.rego`, source }));
    if (plan.extraModule) modules.push({ filename: 'query.rego', source: plan.extraModule });
    const wasm = await compileModules(modules, {
      entrypoints: [plan.entrypoint],
      regoVersion: version,
      cacheDir: opts.cacheDir,
      experimentalKeywords: c.experimental_keywords === true,
    });
    const policy = loadPolicy(wasm, { data: c.data ?? {}, strictBuiltinErrors: c.strict_error === true, maxMemoryPages: opts.maxMemoryPages ?? 2048 });
    const input = plan.input !== undefined ? plan.input : c.input;
    result = input !== undefined ? policy.evaluate(plan.entrypoint, input) : policy.evaluate(plan.entrypoint);
  } catch (e) {
    if (!wantsError) return { id, ok: false, reason: `unexpected error: ${messageOf(e)}` };
    const code = e instanceof PolicyError ? e.code : undefined;
    if (c.want_error_code !== undefined && code !== c.want_error_code) {
      return { id, ok: false, reason: `want error ${c.want_error_code}, got ${code ?? 'error'}: ${messageOf(e)}` };
    }
    return { id, ok: true };
  }
  if (wantsError) return { id, ok: false, reason: `want error ${c.want_error_code ?? c.want_error}, got ${JSON.stringify(result)}` };
  return compareResult(id, c, plan, result);
}

function compareResult(id: string, c: RegoCase, plan: Plan, r: EvalResult): CaseOutcome {
  const want = c.want_result ?? [];
  let got: unknown;
  let expected: unknown;
  if (plan.variable !== undefined) {
    if (want.length > 1) return { id, ok: false, reason: `query has ${want.length} results; only one is comparable` };
    expected = want.length ? want[0][plan.variable] : undefined;
    got = 'result' in r ? r.result : undefined;
    if (c.sort_bindings && Array.isArray(got) && Array.isArray(expected)) {
      got = [...got].sort(compareValues);
      expected = [...expected].sort(compareValues);
    }
  } else {
    // The wrapped query's value is the set of binding objects; a query without results is [] (or undefined).
    expected = [...want].sort(compareValues);
    got = Array.isArray(r.result) ? [...r.result].sort(compareValues) : r.result === undefined ? [] : r.result;
    if (c.sort_bindings) {
      const sortInner = (v: unknown) => (Array.isArray(v) ? v.map((b) => sortBindingValues(b)) : v);
      got = sortInner(got);
      expected = sortInner(expected);
    }
  }
  if (deepEqual(got, expected)) return { id, ok: true };
  return { id, ok: false, reason: `want ${JSON.stringify(expected)}, got ${got === undefined ? 'undefined' : JSON.stringify(got)}` };
}

function sortBindingValues(b: unknown): unknown {
  if (b === null || typeof b !== 'object' || Array.isArray(b)) return b;
  return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort(compareValues) : v]));
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return RANK(a) === RANK(b) && compareValues(a, b) === 0;
}
