// Traversal of the Rego AST, so compiler passes share one definition of "the children of a node".
// `visit` is a read-only pre-order walk; `transformTerms` rewrites terms in place (pre-order,
// descending into the replacement). Comprehension and `every` bodies are nested bodies: the
// visitor sees them (return false from a callback to skip a subtree, e.g. to stay in one scope).

import type { Body, Every, Expr, Head, Import, Module, Package, Rule, SomeDecl, Term, With } from './ast.ts';

/** Callbacks are optional; returning `false` skips the node's children. */
export interface Visitor {
  module?(m: Module): boolean | void;
  package?(p: Package): boolean | void;
  import?(i: Import): boolean | void;
  rule?(r: Rule): boolean | void;
  head?(h: Head): boolean | void;
  body?(b: Body): boolean | void;
  expr?(e: Expr): boolean | void;
  with?(w: With): boolean | void;
  some?(s: SomeDecl): boolean | void;
  every?(e: Every): boolean | void;
  term?(t: Term): boolean | void;
}

export function visitModule(m: Module, v: Visitor): void {
  if (v.module?.(m) === false) return;
  if (v.package?.(m.package) !== false) m.package.path.forEach((t) => visitTerm(t, v));
  for (const i of m.imports) if (v.import?.(i) !== false) visitTerm(i.path, v);
  for (const r of m.rules) visitRule(r, v);
}

export function visitRule(r: Rule, v: Visitor): void {
  for (let rule: Rule | undefined = r; rule; rule = rule.else) {
    if (v.rule?.(rule) === false) continue;
    visitHead(rule.head, v);
    visitBody(rule.body, v);
  }
}

export function visitHead(h: Head, v: Visitor): void {
  if (v.head?.(h) === false) return;
  h.reference.forEach((t) => visitTerm(t, v));
  h.args?.forEach((t) => visitTerm(t, v));
  if (h.key) visitTerm(h.key, v);
  if (h.value) visitTerm(h.value, v);
}

export function visitBody(b: Body, v: Visitor): void {
  if (v.body?.(b) === false) return;
  for (const e of b) visitExpr(e, v);
}

export function visitExpr(e: Expr, v: Visitor): void {
  if (v.expr?.(e) === false) return;
  const t = e.terms;
  switch (t.type) {
    case 'term':
      visitTerm(t.term, v);
      break;
    case 'call':
      visitTerm(t.operator, v);
      t.args.forEach((a) => visitTerm(a, v));
      break;
    case 'some':
      if (v.some?.(t) !== false) t.symbols.forEach((s) => visitTerm(s, v));
      break;
    case 'every':
      if (v.every?.(t) !== false) {
        if (t.key) visitTerm(t.key, v);
        visitTerm(t.value, v);
        visitTerm(t.domain, v);
        visitBody(t.body, v);
      }
      break;
    case 'and':
    case 'or':
      t.operands.forEach((b) => visitBody(b, v));
      break;
  }
  for (const w of e.with) {
    if (v.with?.(w) === false) continue;
    visitTerm(w.target, v);
    visitTerm(w.value, v);
  }
}

export function visitTerm(t: Term, v: Visitor): void {
  if (v.term?.(t) === false) return;
  const x = t.value;
  switch (x.type) {
    case 'ref':
      x.terms.forEach((c) => visitTerm(c, v));
      break;
    case 'array':
    case 'set':
      x.items.forEach((c) => visitTerm(c, v));
      break;
    case 'object':
      for (const [k, val] of x.items) {
        visitTerm(k, v);
        visitTerm(val, v);
      }
      break;
    case 'call':
      visitTerm(x.operator, v);
      x.args.forEach((c) => visitTerm(c, v));
      break;
    case 'arraycomprehension':
    case 'setcomprehension':
      visitTerm(x.term, v);
      visitBody(x.body, v);
      break;
    case 'objectcomprehension':
      visitTerm(x.key, v);
      visitTerm(x.value, v);
      visitBody(x.body, v);
      break;
    case 'templatestring':
      for (const p of x.parts) if (p.type === 'expr') visitExpr(p.expr, v);
      break;
    default:
      break;
  }
}

/** Calls `fn` on every term under `node` (any node kind accepted by the visit* functions). */
export function forEachTerm(node: Module | Rule | Body | Expr | Term, fn: (t: Term) => boolean | void): void {
  const v: Visitor = { term: fn };
  if ('package' in node) visitModule(node, v);
  else if (Array.isArray(node)) visitBody(node, v);
  else if ('head' in node) visitRule(node, v);
  else if ('terms' in node) visitExpr(node, v);
  else visitTerm(node, v);
}

/** Names of all vars under `node`, including those in nested bodies. */
export function varsOf(node: Module | Rule | Body | Expr | Term): Set<string> {
  const out = new Set<string>();
  forEachTerm(node, (t) => {
    if (t.value.type === 'var') out.add(t.value.name);
  });
  return out;
}

/**
 * Replaces terms in place: `fn` sees each term before its children and returns it, or a
 * replacement (whose children are then visited). Returns the (possibly replaced) root term.
 */
export function transformTerm(t: Term, fn: (t: Term) => Term): Term {
  const r = fn(t);
  const x = r.value;
  switch (x.type) {
    case 'ref':
      x.terms = x.terms.map((c) => transformTerm(c, fn));
      break;
    case 'array':
    case 'set':
      x.items = x.items.map((c) => transformTerm(c, fn));
      break;
    case 'object':
      x.items = x.items.map(([k, v]) => [transformTerm(k, fn), transformTerm(v, fn)]);
      break;
    case 'call':
      x.operator = transformTerm(x.operator, fn);
      x.args = x.args.map((c) => transformTerm(c, fn));
      break;
    case 'arraycomprehension':
    case 'setcomprehension':
      x.term = transformTerm(x.term, fn);
      transformBody(x.body, fn);
      break;
    case 'objectcomprehension':
      x.key = transformTerm(x.key, fn);
      x.value = transformTerm(x.value, fn);
      transformBody(x.body, fn);
      break;
    case 'templatestring':
      for (const p of x.parts) if (p.type === 'expr') transformExpr(p.expr, fn);
      break;
    default:
      break;
  }
  return r;
}

export function transformExpr(e: Expr, fn: (t: Term) => Term): Expr {
  const t = e.terms;
  switch (t.type) {
    case 'term':
      t.term = transformTerm(t.term, fn);
      break;
    case 'call':
      t.operator = transformTerm(t.operator, fn);
      t.args = t.args.map((a) => transformTerm(a, fn));
      break;
    case 'some':
      t.symbols = t.symbols.map((s) => transformTerm(s, fn));
      break;
    case 'every':
      if (t.key) t.key = transformTerm(t.key, fn);
      t.value = transformTerm(t.value, fn);
      t.domain = transformTerm(t.domain, fn);
      transformBody(t.body, fn);
      break;
    case 'and':
    case 'or':
      t.operands.forEach((b) => transformBody(b, fn));
      break;
  }
  for (const w of e.with) {
    w.target = transformTerm(w.target, fn);
    w.value = transformTerm(w.value, fn);
  }
  return e;
}

export function transformBody(b: Body, fn: (t: Term) => Term): Body {
  for (const e of b) transformExpr(e, fn);
  return b;
}

export function transformRule(r: Rule, fn: (t: Term) => Term): Rule {
  for (let rule: Rule | undefined = r; rule; rule = rule.else) {
    const h = rule.head;
    h.reference = h.reference.map((t) => transformTerm(t, fn));
    if (h.args) h.args = h.args.map((t) => transformTerm(t, fn));
    if (h.key) h.key = transformTerm(h.key, fn);
    if (h.value) h.value = transformTerm(h.value, fn);
    transformBody(rule.body, fn);
  }
  return r;
}
