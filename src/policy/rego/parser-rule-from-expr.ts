// Module-level expressions that are rules without a body, as OPA reads them:
// `p := 1`, `p = 1`, `p.q.r = 1`, `p[x] = y`, `f(x) = y`, `f(1)`, `p[x]` (v0 set), `a.b.c`.
// Returns the rule, or the error message OPA gives when the expression is no rule.

import type { Expr, Head, Rule, Term } from './ast.ts';
import { refName, refToString } from './ast-util.ts';
import { lookupBuiltin } from './builtins-catalog.ts';
import type { ParserState } from './parser-state.ts';

function trueTerm(t: Term): Term {
  return { value: { type: 'boolean', value: true }, location: t.location };
}

function makeRule(p: ParserState, head: Head, at: Term, generatedValue: boolean): Rule {
  const location = at.location;
  const body = [{ terms: { type: 'term' as const, term: trueTerm(at) }, negated: false, with: [], index: 0, location, generated: true }];
  const rule: Rule = { head, body, default: false, location };
  p.generatedBodies.add(rule);
  if (generatedValue) p.generatedValues.add(head);
  return rule;
}

function newHead(reference: Term[], location: Term['location']): Head {
  const first = reference[0]!.value;
  const name = reference.length === 1 && first.type === 'var' ? first.name : '';
  return { name, reference, assign: false, contains: false, if: false, location };
}

export function ruleFromExpr(p: ParserState, expr: Expr): Rule | string {
  if (expr.with.length) return 'expressions using with keyword cannot be used for rule head';
  if (expr.negated) return 'negated expressions cannot be used for rule head';
  const x = expr.terms;
  if (x.type === 'some') return "'some' declarations cannot be used for rule head";
  if (x.type === 'term') {
    const v = x.term.value;
    if (v.type !== 'ref') return `${v.type} cannot be used for rule name`;
    if (v.terms[0]!.value.type !== 'var') return `invalid rule head: ${refToString(v.terms)}`;
    if (v.terms.length > 2) {
      // `a.b.c` alone: a single-value rule with value true.
      const head = newHead(v.terms, x.term.location);
      head.value = trueTerm(x.term);
      return makeRule(p, head, x.term, true);
    }
    if (v.terms.length === 1) return 'refs cannot be used for rule head';
    const head = newHead([v.terms[0]!], x.term.location);
    head.key = v.terms[1];
    return makeRule(p, head, x.term, false);
  }
  if (x.type !== 'call') return 'expression cannot be used for rule head';
  const op = x.operator.value.type === 'ref' && x.operator.value.terms.length === 1 ? x.operator.value.terms[0]!.value : undefined;
  const opName = op?.type === 'var' ? op.name : '';
  if (opName === 'eq' || opName === 'assign') {
    const [lhs, rhs] = x.args;
    if (!lhs || !rhs) return 'assignment requires two operands';
    const r = ruleFromEq(p, lhs, rhs, expr);
    if (typeof r !== 'string' && opName === 'assign') r.head.assign = true;
    return r;
  }
  // `f(1)`: a function returning true for these arguments.
  if (lookupBuiltin(refName(x.operator) ?? '')) return 'rule name conflicts with built-in function';
  if (x.args.length === 0) return 'rule argument list must take at least one argument';
  const ref = x.operator.value;
  if (ref.type !== 'ref' || ref.terms[0]!.value.type !== 'var') return `invalid rule head: ${refToString([x.operator])}`;
  const head = newHead(ref.terms, x.operator.location);
  head.args = x.args;
  head.value = trueTerm(x.operator);
  return makeRule(p, head, x.operator, false);
}

function ruleFromEq(p: ParserState, lhs: Term, rhs: Term, expr: Expr): Rule | string {
  const v = lhs.value;
  let rule: Rule;
  if (v.type === 'call') {
    const op = v.operator.value;
    if (op.type !== 'ref') return `${op.type}s cannot be used in function signature`;
    if (op.terms[0]!.value.type !== 'var') return `invalid rule head: ${refToString(op.terms)}`;
    const head = newHead(op.terms, lhs.location);
    head.args = v.args;
    head.value = rhs;
    rule = makeRule(p, head, rhs, false);
  } else if (v.type === 'ref') {
    if (v.terms[0]!.value.type !== 'var') return `invalid rule head: ${refToString(v.terms)}`;
    const head = newHead(v.terms, rhs.location);
    head.value = rhs;
    rule = makeRule(p, head, rhs, false);
  } else if (v.type === 'var') {
    const head = newHead([lhs], lhs.location);
    head.value = rhs;
    rule = makeRule(p, head, rhs, false);
  } else return `${v.type} cannot be used for rule name`;
  rule.location = expr.location;
  rule.head.location = expr.location;
  return rule;
}
