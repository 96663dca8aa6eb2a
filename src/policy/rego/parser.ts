// Public entry points of the Rego parser: modules, queries and refs. Statements are parsed the
// way OPA does (package, import, rule, else a bare query that becomes a rule such as `p := 1`),
// then assembled into a Module and checked against the Rego v1 rule requirements.

import type { Body, Expr, Import, Location, Module, Package, Rule, Term } from './ast.ts';
import { ruleKind } from './ast-util.ts';
import { RegoError } from './errors.ts';
import { lex, type LexedComment } from './lexer.ts';
import { parseQuery as parseQueryBody } from './parser-body.ts';
import { ruleFromExpr } from './parser-rule-from-expr.ts';
import { applyKeywordImport, isKeywordInVersion, parseImport, parsePackage } from './parser-imports.ts';
import { parseRules } from './parser-rules.ts';
import { ParserState } from './parser-state.ts';

export interface ParseOptions {
  /** Shown in locations and error messages. */
  filename?: string;
  /** Syntax to parse: 1 (default, OPA 1.x) or 0 (pre-1.0; keywords need `future.keywords`). */
  regoVersion?: 0 | 1;
  /**
   * Accept OPA's unreleased `import future.keywords.and` / `.or` / `.not` (logical operators
   * between literals, see LogicalExpr in ast.ts), as OPA's tests do with `experimental_keywords`.
   */
  experimentalKeywords?: boolean;
}

type Statement =
  | { kind: 'package'; pkg: Package }
  | { kind: 'import'; imp: Import }
  | { kind: 'rule'; rule: Rule }
  | { kind: 'body'; body: Body };

function newState(source: string, options: ParseOptions | undefined): { p: ParserState; comments: LexedComment[] } {
  const { tokens, comments } = lex(source);
  const p = new ParserState(source, options?.filename ?? '', tokens, options?.regoVersion ?? 1);
  p.experimental = options?.experimentalKeywords === true;
  return { p, comments };
}

/** Runs a parse step, turning stack exhaustion on pathological nesting into a parse error. */
function guarded<T>(p: ParserState, fn: () => T): T | null {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) {
      p.errorAt(p.tok, 'max parsing recursion depth exceeded');
      return null;
    }
    throw e;
  }
}

function parseStatements(p: ParserState, onRegoV1: () => void): Statement[] {
  const stmts: Statement[] = [];
  while (p.tk() !== 'eof') {
    let s = p.save();
    if (p.kind() === 'package') {
      const pkg = parsePackage(p);
      if (pkg) {
        stmts.push({ kind: 'package', pkg });
        continue;
      }
      if (p.errors.length) break;
      p.restore(s);
    }
    if (p.kind() === 'import') {
      const imp = parseImport(p);
      if (imp) {
        applyKeywordImport(p, imp, onRegoV1);
        stmts.push({ kind: 'import', imp });
        continue;
      }
      if (p.errors.length) break;
      p.restore(s);
    }
    s = p.save();
    const rules = parseRules(p);
    if (rules) {
      for (const rule of rules) stmts.push({ kind: 'rule', rule });
      continue;
    }
    if (p.errors.length) break;
    p.restore(s);
    const body = parseQueryBody(p, true, 'eof');
    if (body) {
      stmts.push({ kind: 'body', body });
      continue;
    }
    break;
  }
  if (p.errors.length === 0 && p.tk() !== 'eof') p.illegal();
  return stmts;
}

function statementLocation(s: Statement): Location {
  switch (s.kind) {
    case 'package':
      return s.pkg.location;
    case 'import':
      return s.imp.location;
    case 'rule':
      return s.rule.location;
    case 'body':
      return s.body[0]!.location;
  }
}

/** Parses a Rego module. Throws a RegoError (code rego_parse_error) carrying every error found. */
export function parseModule(source: string, options?: ParseOptions): Module {
  const { p, comments } = newState(source, options);
  const file = options?.filename ?? '';
  let compat = false;
  const stmts = guarded(p, () => parseStatements(p, () => (compat = true))) ?? [];
  if (p.errors.length) RegoError.throwAll(p.regoErrors());
  if (stmts.length === 0) throw new RegoError('rego_parse_error', 'empty module', { file, row: 0, col: 0 });

  const errors: RegoError[] = [];
  const err = (loc: Location, msg: string) => errors.push(new RegoError('rego_parse_error', msg, loc));
  const first = stmts[0]!;
  if (first.kind !== 'package') err(statementLocation(first), 'package expected');
  const module: Module = {
    package: first.kind === 'package' ? first.pkg : { path: [], location: statementLocation(first) },
    imports: [],
    rules: [],
    comments: comments.map((c) => ({ text: c.text, location: { file, row: c.row, col: c.col } })),
    regoVersion: (options?.regoVersion ?? 1) === 1 ? 1 : 0,
  };
  for (const s of stmts.slice(1)) {
    if (s.kind === 'import') module.imports.push(s.imp);
    else if (s.kind === 'rule') module.rules.push(s.rule);
    else if (s.kind === 'package') err(s.pkg.location, 'unexpected package');
    else {
      if (s.body.length !== 1) {
        err(s.body[0]!.location, 'multiple expressions cannot be used for rule head');
        continue;
      }
      const r = ruleFromExpr(p, s.body[0]!);
      if (typeof r === 'string') err(s.body[0]!.location, r);
      else module.rules.push(r);
    }
  }
  if (compat) module.regoVersion = 1;
  if (module.regoVersion === 1) {
    for (const rule of module.rules) {
      for (let r: Rule | undefined = rule; r; r = r.else) checkRegoV1Rule(p, r, err);
    }
  }
  if (errors.length) RegoError.throwAll(errors);
  return module;
}

/** OPA's per-rule Rego v1 requirements (`if`, `contains`, a value or a body, no keyword names). */
function checkRegoV1Rule(p: ParserState, rule: Rule, err: (loc: Location, msg: string) => void): void {
  const what = rule.head.args ? 'function' : 'rule';
  const h = rule.head;
  if (h.reference.length < 2 && isKeywordInVersion(h.name, 1)) err(rule.location, `${h.name} keyword cannot be used for rule name`);
  const genBody = p.generatedBodies.has(rule);
  if (genBody && p.generatedValues.has(h)) err(rule.location, `${what} must have value assignment and/or body declaration`);
  if (!genBody && !h.if && !rule.default) err(rule.location, `\`if\` keyword is required before ${what} body`);
  if (ruleKind(h) === 'multi' && !h.contains) err(rule.location, '`contains` keyword is required for partial set rules');
}

/** Parses a query such as `data.a.b = x` or `x := 1; y := x + 1`. */
export function parseQuery(source: string, options?: ParseOptions): Body {
  const { p } = newState(source, options);
  const body: Body = [];
  guarded(p, () => {
    while (p.tk() !== 'eof') {
      const part = parseQueryBody(p, true, 'eof');
      if (!part) break;
      body.push(...part);
    }
  });
  if (p.errors.length) RegoError.throwAll(p.regoErrors());
  body.forEach((e: Expr, i) => (e.index = i));
  return body;
}

/** Parses a single term (`data.a.b`, `{"a": [1, x]}`). */
export function parseTermText(source: string, options?: ParseOptions): Term {
  const body = parseQuery(source, options);
  const e = body[0];
  if (body.length !== 1 || !e || e.terms.type !== 'term') {
    throw new RegoError('rego_parse_error', `expected exactly one term but got: ${source}`, e ? e.location : undefined);
  }
  return e.terms.term;
}

/** Parses a ref such as `data.k8s.deny` or `input.review.object.metadata["name"]`. */
export function parseRef(source: string, options?: ParseOptions): Term {
  const t = parseTermText(source, options);
  if (t.value.type !== 'ref') throw new RegoError('rego_parse_error', `expected ref but got ${t.value.type}`, t.location);
  return t;
}
