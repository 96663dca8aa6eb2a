// A `gator verify`-like runner: for each suite.yaml, compile the template, and for each case
// build input.review from the object, apply the constraint's match, load the inventory into
// data.inventory, evaluate `violation` and check the assertions (violations yes/no/N, message).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { compileModules, type CompileOptions } from '../engine/compile.ts';
import { loadPolicy, type Policy } from '../engine/policy.ts';
import { inventoryOf } from './inventory.ts';
import { constraintMatches, type ConstraintMatch } from './match.ts';
import { gatekeeperInput, isObject, reviewOf, type KubeObject } from './review.ts';
import { regoOfTemplate } from './template.ts';

export interface Assertion {
  violations?: 'yes' | 'no' | number | string | boolean;
  message?: string;
}

export interface CaseOutcome {
  /** `<suite dir relative to root>/<test name>/<case name>` */
  id: string;
  ok: boolean;
  violations?: number;
  reason?: string;
}

interface SuiteFile {
  tests?: { name: string; template: string; constraint: string; cases?: { name: string; object: string; inventory?: string[]; assertions?: Assertion[] }[] }[];
}

export interface VerifyOptions {
  /** Ids are relative to this folder. */
  root: string;
  cacheDir?: CompileOptions['cacheDir'];
}

function readDocs(path: string): KubeObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((d) => d.toJS() as unknown)
    .filter((d): d is KubeObject => isObject(d));
}

/** Whether the violations found satisfy one assertion. */
export function checkAssertion(a: Assertion, messages: string[]): string | undefined {
  let matching = messages;
  if (a.message !== undefined) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(a.message);
    } catch {
      re = undefined;
    }
    matching = messages.filter((m) => (re ? re.test(m) : m.includes(a.message!)));
  }
  const v = a.violations ?? 'yes';
  const n = matching.length;
  const what = a.message !== undefined ? ` matching "${a.message}"` : '';
  if (v === 'yes' || v === true) return n > 0 ? undefined : `want violations${what}, got none`;
  if (v === 'no' || v === false) return n === 0 ? undefined : `want no violations${what}, got ${n}: ${matching.join(' | ')}`;
  const want = Number(v);
  if (!Number.isInteger(want)) return `assertion violations: ${String(v)} is not yes, no or a count`;
  return n === want ? undefined : `want ${want} violations${what}, got ${n}: ${matching.join(' | ')}`;
}

/** Case ids per test: `<suite dir>/<test>/<case>`, with `#2`, `#3`... on repeated names. */
function caseIds(suite: SuiteFile, rel: string): string[][] {
  const seen = new Map<string, number>();
  return (suite.tests ?? []).map((t) =>
    (t.cases ?? []).map((c) => {
      const id = `${rel ? `${rel}/` : ''}${t.name}/${c.name}`;
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      return n === 1 ? id : `${id}#${n}`;
    }),
  );
}

/** The ids of a suite's cases, in order (as verifySuite reports them). */
export function suiteCaseIds(suitePath: string, root: string): string[] {
  const rel = relative(root, dirname(suitePath)).split('\\').join('/');
  return caseIds(parseYaml(readFileSync(suitePath, 'utf8')) as SuiteFile, rel).flat();
}

/** Suite files (suite.yaml) below a folder, as sorted paths relative to it. */
export function listSuites(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'suite.yaml') out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out;
}

export async function verifySuite(suitePath: string, opts: VerifyOptions): Promise<CaseOutcome[]> {
  const dir = dirname(suitePath);
  const rel = relative(opts.root, dir).split('\\').join('/');
  const suite = parseYaml(readFileSync(suitePath, 'utf8')) as SuiteFile;
  const outcomes: CaseOutcome[] = [];
  const policies = new Map<string, { policy: Policy; entrypoint: string } | Error>();

  const ids = caseIds(suite, rel);
  for (const [t, test] of (suite.tests ?? []).entries()) {
    const testIds = ids[t];
    let compiled = policies.get(test.template);
    if (!compiled) {
      try {
        const tpl = regoOfTemplate(readDocs(join(dir, test.template))[0]);
        const wasm = await compileModules(tpl.modules, { entrypoints: [tpl.entrypoint], regoVersion: tpl.regoVersion, cacheDir: opts.cacheDir });
        compiled = { policy: loadPolicy(wasm), entrypoint: tpl.entrypoint };
      } catch (e) {
        compiled = e instanceof Error ? e : new Error(String(e));
      }
      policies.set(test.template, compiled);
    }
    if (compiled instanceof Error) {
      for (const id of testIds) outcomes.push({ id, ok: false, reason: `template: ${compiled.message}` });
      continue;
    }
    let constraint: KubeObject;
    try {
      constraint = readDocs(join(dir, test.constraint))[0];
    } catch (e) {
      for (const id of testIds) outcomes.push({ id, ok: false, reason: `constraint: ${(e as Error).message}` });
      continue;
    }
    const spec = isObject(constraint?.spec) ? constraint.spec : {};
    for (const [i, c] of (test.cases ?? []).entries()) {
      outcomes.push(runCase(testIds[i], dir, c, spec, compiled));
    }
  }
  for (const p of policies.values()) if (!(p instanceof Error)) p.policy.close();
  return outcomes;
}

function runCase(
  id: string,
  dir: string,
  c: { object: string; inventory?: string[]; assertions?: Assertion[] },
  spec: Record<string, unknown>,
  compiled: { policy: Policy; entrypoint: string },
): CaseOutcome {
  try {
    const object = readDocs(join(dir, c.object))[0];
    if (!object) return { id, ok: false, reason: `${c.object} holds no object` };
    const review = reviewOf(object);
    const inventory = inventoryOf((c.inventory ?? []).flatMap((f) => readDocs(join(dir, f))));
    const nsLabels = (ns: string) => inventory.cluster.v1?.Namespace?.[ns]?.metadata?.labels;
    let messages: string[] = [];
    if (constraintMatches(spec.match as ConstraintMatch | undefined, review, { namespaceLabels: nsLabels })) {
      compiled.policy.setData({ inventory });
      const r = compiled.policy.evaluate(compiled.entrypoint, gatekeeperInput(review, spec.parameters));
      const results = Array.isArray(r.result) ? r.result : [];
      messages = results.map((v) => (isObject(v) && typeof v.msg === 'string' ? v.msg : JSON.stringify(v)));
    }
    for (const a of c.assertions ?? []) {
      const problem = checkAssertion(a, messages);
      if (problem) return { id, ok: false, violations: messages.length, reason: problem };
    }
    return { id, ok: true, violations: messages.length };
  } catch (e) {
    return { id, ok: false, reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}
