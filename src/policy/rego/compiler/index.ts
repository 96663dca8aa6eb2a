// Compiles Rego modules to the IR: parse -> resolve names -> reorder for safety -> plan.
import type { Module, Rule, Term } from '../ast.ts';
import { refName, ruleKind } from '../ast-util.ts';
import { parseModule } from '../parser.ts';
import { checkRegoV1Module } from '../checks-v1.ts';
import { RegoError } from '../errors.ts';
import type * as ir from '../../ir/ir.ts';
import { Planner } from '../planner/planner.ts';
import { Annotations } from './annotations.ts';
import { Resolver, type ModuleEnv } from './resolve.ts';
import { Safety } from './safety.ts';
import { compileError, type CompiledModules, type CompiledRule, type RuleKind } from './types.ts';

export type { CompiledModules, CompiledRule } from './types.ts';

export interface CompileOptions {
  /** Entrypoints as slash paths under data: "k8s/deny" for data.k8s.deny. */
  entrypoints: string[];
  regoVersion?: 0 | 1;
  /** Accept OPA's experimental `future.keywords.and/or/not` (see the parser's option). */
  experimentalKeywords?: boolean;
}

/** Parses, compiles and plans `modules`; throws RegoError (code + location) on bad policies. */
export function compilePolicy(modules: { filename: string; source: string }[], options: CompileOptions): ir.Policy {
  const parsed = modules.map((m) =>
    parseModule(m.source, { filename: m.filename, regoVersion: options.regoVersion ?? 1, experimentalKeywords: options.experimentalKeywords }),
  );
  const v1Errors = parsed.filter((m) => m.regoVersion === 1).flatMap(checkRegoV1Module);
  if (v1Errors.length > 0) RegoError.throwAll(v1Errors);
  return planPolicy(compileModules(parsed), options.entrypoints);
}

export function planPolicy(compiled: CompiledModules, entrypoints: string[]): ir.Policy {
  const p = new Planner(compiled);
  for (const e of entrypoints) p.planEntrypoint(e);
  return p.finish();
}

function packagePath(m: Module): string[] {
  return m.package.path.slice(1).map((t) => {
    if (t.value.type !== 'string') throw compileError('rego_parse_error', 'package path must be strings', m.package.location);
    return t.value.value;
  });
}

/** Runs the compiler passes over parsed modules. */
export function compileModules(modules: Module[]): CompiledModules {
  const ruleNames = new Map<string, Set<string>>();
  for (const m of modules) {
    const key = packagePath(m).join('.');
    const names = ruleNames.get(key) ?? new Set<string>();
    for (const r of m.rules) if (r.head.name || r.head.reference[0]?.value.type === 'var') names.add(headName(r));
    ruleNames.set(key, names);
  }
  const arities = new Map<string, number>();
  for (const m of modules) {
    for (const r of m.rules) {
      if (!r.head.args) continue;
      const ground = r.head.reference.slice(1).map((t) => (t.value.type === 'string' ? t.value.value : '?'));
      arities.set(['data', ...packagePath(m), headName(r), ...ground].join('.'), r.head.args.length);
    }
  }
  const functionArity = (p: string) => arities.get(p);
  const out: CompiledModules = { rules: [], packages: [] };
  const annotations = new Annotations(modules.map((module) => ({ module, pkg: packagePath(module), ruleName: headName })));
  for (const m of modules) {
    const pkg = packagePath(m);
    for (const r of m.rules) annotations.inline(r, { pkg, name: headName(r) });
    out.packages.push(pkg);
    const newNot = m.imports.some((i) => refName(i.path) === 'future.keywords.not');
    const env: ModuleEnv = { pkg, aliases: importAliases(m), ruleNames: ruleNames.get(pkg.join('.'))!, functionArity, newNot };
    for (const r of m.rules) out.rules.push(compileRule(r, env));
  }
  checkGroups(out.rules);
  return out;
}

function headName(r: Rule): string {
  const h = r.head.reference[0]!;
  return h.value.type === 'var' ? h.value.name : r.head.name;
}

function importAliases(m: Module): Map<string, Term[]> {
  const aliases = new Map<string, Term[]>();
  for (const imp of m.imports) {
    const v = imp.path.value;
    const terms = v.type === 'ref' ? v.terms : [imp.path];
    const root = terms[0]!.value.type === 'var' ? terms[0]!.value.name : '';
    if (root !== 'data' && root !== 'input') continue; // future.keywords, rego.v1
    if (terms.length === 1 && !imp.alias) continue;
    const last = terms[terms.length - 1]!.value;
    const alias = imp.alias ?? (last.type === 'string' ? last.value : last.type === 'var' ? last.name : '');
    aliases.set(alias, terms);
  }
  return aliases;
}

function compileRule(r: Rule, env: ModuleEnv, args?: Term[]): CompiledRule {
  const h = r.head;
  const name = headName(r);
  const rest = h.reference.slice(1);
  const ground: string[] = [];
  let i = 0;
  for (; i < rest.length && rest[i]!.value.type === 'string'; i++) ground.push((rest[i]!.value as { value: string }).value);
  const nonGround = rest.slice(i);
  const path = [...env.pkg, name, ...ground];
  const fnArgs = h.args ?? args;
  let kind: RuleKind;
  let key: Term | undefined;
  let value: Term | undefined = h.value;
  let leafSet = false;
  if (fnArgs) kind = 'function';
  else if (ruleKind(h) === 'multi' && nonGround.length > 0) {
    // `p[q].r contains x`: an object of sets, keyed by the ref's terms.
    kind = 'object';
    leafSet = true;
    key = nonGround[0];
    value = h.key;
  } else if (ruleKind(h) === 'multi') {
    kind = 'set';
    key = h.key;
  } else if (nonGround.length >= 1) {
    kind = 'object';
    key = nonGround[0];
  } else kind = 'complete';
  // `p[q].r.s := v`: the terms after the first var key build nested objects under that key.
  let suffix = kind === 'object' ? nonGround.slice(1) : [];
  if (kind !== 'object' && nonGround.length > 0) {
    throw compileError('rego_compile_error', 'multi-value rule heads with vars in the reference are not supported', h.location);
  }
  value ??= kind === 'set' ? undefined : { value: { type: 'boolean', value: true }, location: h.location };
  const resolver = new Resolver(env);
  const scope = resolver.ruleScope(fnArgs, [key, value, ...suffix].filter((t): t is Term => t !== undefined), r.body);
  const body = resolver.resolveBody(scope, r.body);
  // Arguments that compute a value (calls, refs, template strings) are compared with the
  // parameter after the body has run: `f($"{x}") if x = "a"` binds x first.
  const rargs = fnArgs?.map((a, i) => {
    const t = resolver.resolveTerm(scope, structuredClone(a));
    if (!['call', 'ref', 'arraycomprehension', 'setcomprehension', 'objectcomprehension'].includes(t.value.type)) return t;
    const v: Term = { value: { type: 'var', name: `__arg${i}__${path.join('.')}` }, location: t.location };
    const eq: Term = { value: { type: 'ref', terms: [{ value: { type: 'var', name: 'eq' }, location: t.location }] }, location: t.location };
    body.push({ terms: { type: 'call', operator: eq, args: [v, t] }, negated: false, with: [], index: body.length, location: t.location, generated: true });
    return v;
  });
  key = key && resolver.resolveTerm(scope, key);
  value = value && resolver.resolveTerm(scope, value);
  suffix = suffix.map((t) => resolver.resolveTerm(scope, t));
  const safety = new Safety(resolver.closureLocals);
  const bound = new Set<string>();
  for (const a of rargs ?? []) safety.unifyLocal(a, bound, []);
  const ordered = safety.reorder(body, bound);
  for (const t of [key, value, ...suffix]) if (t) safety.headTerm(t, ordered.bound);
  const out: CompiledRule = { path, kind, key, value, args: rargs, body: ordered.body, default: r.default, location: r.location };
  if (suffix.length > 0) out.keySuffix = suffix;
  if (leafSet) out.leafSet = true;
  if (r.else) out.else = compileRule(r.else, env, fnArgs);
  return out;
}

function checkGroups(rules: CompiledRule[]): void {
  const groups = new Map<string, CompiledRule[]>();
  for (const r of rules) {
    const k = r.path.join('.');
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const [k, rs] of groups) {
    const kinds = new Set(rs.filter((r) => !r.default).map((r) => r.kind));
    const arities = new Set(rs.map((r) => r.args?.length ?? -1));
    if (kinds.size > 1 || arities.size > 1) {
      throw compileError('rego_type_error', `conflicting rules data.${k} found`, rs[0]!.location);
    }
    const kind = rs.find((r) => !r.default)?.kind ?? rs[0]!.kind;
    if (kind !== 'object') {
      // A single value (or set, or function) cannot also have rules below it.
      const below = [...groups.keys()].filter((o) => o.startsWith(k + '.')).sort();
      if (below.length > 0) {
        throw compileError('rego_type_error', `rule data.${k} conflicts with [${below.map((b) => `data.${b}`).join(' ')}]`, rs[0]!.location);
      }
    }
    if (rs.filter((r) => r.default).length > 1) {
      throw compileError('rego_type_error', `multiple default rules data.${k} found`, rs[0]!.location);
    }
  }
}
