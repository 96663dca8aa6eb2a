// Parsing of rules: heads (`p`, `p.q[r]`, `f(x)`, `p contains x`, `:=`/`=` values), bodies
// (`if`, `{ }`), `else` chains and `default` rules.

import type { Body, Head, Rule, Term } from './ast.ts';
import { isGroundPath, refToString } from './ast-util.ts';
import type { Token } from './lexer.ts';
import { parseBody, parseLiteral } from './parser-body.ts';
import type { ParserState } from './parser-state.ts';
import { parseTermFinish, parseTermInfixCall, parseVar } from './parser-terms.ts';

const headOperators = new Set(['+', '-', '*', '/', '%', '&', '|', '==', '!=', '>', '>=', '<', '<=']);

/** The generated body of rules written without one: `{ true }`. */
export function trueBody(p: ParserState, at: Token | Rule['location']): Body {
  const location = 'kind' in at ? p.loc(at) : { file: at.file, row: at.row, col: at.col };
  return [{ terms: { type: 'term', term: { value: { type: 'boolean', value: true }, location } }, negated: false, with: [], index: 0, location, generated: true }];
}

/** One rule, or a rule followed by `{ }` bodies sharing its head (v0 `p { a } { b }`). */
export function parseRules(p: ParserState): Rule[] | null {
  const start = p.tok;
  p.keywordAsRef();
  let isDefault = false;
  if (p.kind() === 'default') {
    p.advance();
    isDefault = true;
    p.keywordAsRef();
  }
  if (p.kind() !== 'ident') return null;
  const parsed = parseHead(p, isDefault);
  if (!parsed) return null;
  const { head, contains } = parsed;
  const rule: Rule = { head, body: [], default: isDefault, location: p.locFrom(start) };
  if (isDefault) {
    if (!validateDefault(p, rule)) return null;
    rule.body = trueBody(p, start);
    p.generatedBodies.add(rule);
    return [rule];
  }
  const hasIf = p.kind() === 'if';
  if (hasIf && !contains && head.reference.length === 2 && !head.value) {
    head.value = { value: { type: 'boolean', value: true }, location: head.location };
    p.generatedValues.add(head);
  }
  // v0 `p[x] { ... }` is a multi-value (partial set) rule.
  if (!hasIf && !contains && !head.args && head.reference.length === 2 && !head.value) {
    head.key = head.reference[1];
    head.reference = head.reference.slice(0, 1);
    const first = head.reference[0]!.value;
    if (first.type === 'var') head.name = first.name;
  }
  if (hasIf) {
    head.if = true;
    p.advance();
    const s = p.save();
    const expr = parseLiteral(p);
    const isSet = expr?.terms.type === 'term' && expr.terms.term.value.type === 'set';
    if (expr && !isSet) rule.body = [expr];
    else {
      // `p if { ... }`: a braced body, not a set literal.
      p.restore(s);
      p.advance();
      const body = parseBody(p, '}');
      if (!body) return null;
      p.advance();
      rule.body = body;
    }
  } else if (p.tk() === '{') {
    p.advance();
    const body = parseBody(p, '}');
    if (!body) return null;
    p.advance();
    rule.body = body;
  } else if (contains) {
    rule.body = trueBody(p, start);
    p.generatedBodies.add(rule);
    rule.location = { ...head.location };
    return [rule];
  } else return null;

  if (p.kind() === 'else' && !p.keywordAsRef()) {
    if (head.reference.length > 1 && !isGroundPath(head.reference)) {
      p.errorAt(p.tok, 'else keyword cannot be used on rules with variables in head');
      return null;
    }
    if (head.key) {
      p.errorAt(p.tok, 'else keyword cannot be used on multi-value rules');
      return null;
    }
    const e = parseElse(p, head);
    if (!e) return null;
    rule.else = e;
  }
  rule.location = p.locFrom(start);
  const rules = [rule];
  while (p.tk() === '{') {
    if (rule.else) {
      p.errorAt(p.tok, 'expected else keyword');
      return null;
    }
    const braceTok = p.tok;
    p.advance();
    const body = parseBody(p, '}');
    if (!body) return null;
    p.advance();
    const location = p.locFrom(braceTok);
    const nextHead = copyHead(p, head);
    nextHead.location = location;
    rules.push({ head: nextHead, body, default: false, location });
  }
  return rules;
}

function copyHead(p: ParserState, head: Head): Head {
  const h = structuredClone(head);
  // Each rule gets its own wildcards in its arguments.
  h.args = h.args?.map((a) => (a.value.type === 'var' && a.value.name.startsWith('$') ? { ...a, value: { type: 'var', name: p.genWildcard() } } : a));
  if (!h.args) delete h.args;
  if (p.generatedValues.has(head)) p.generatedValues.add(h);
  return h;
}

function parseElse(p: ParserState, head: Head): Rule | null {
  const start = p.tok;
  const h = copyHead(p, head);
  h.location = p.loc(start); // keywords (`if`) carry over from the first head, as in OPA
  const rule: Rule = { head: h, body: [], default: false, location: p.loc(start) };
  p.advance();
  const k = p.kind();
  if (k === '{' || k === 'if') {
    h.value = { value: { type: 'boolean', value: true }, location: h.location };
    p.generatedValues.add(h);
  } else if (k === ':=' || k === '=') {
    h.assign = k === ':=';
    p.advance();
    const v = parseTermInfixCall(p);
    if (!v) return null;
    h.value = v;
    p.generatedValues.delete(h);
    h.location = p.locFrom(start);
  } else {
    p.illegal('expected else value term or rule body');
    return null;
  }
  const hasIf = p.kind() === 'if';
  if (!hasIf && p.tk() !== '{') {
    rule.body = trueBody(p, start);
    p.generatedBodies.add(rule);
    rule.location = p.locFrom(start);
    return rule;
  }
  if (hasIf) {
    h.if = true;
    p.advance();
  }
  if (p.tk() === '{') {
    p.advance();
    const body = parseBody(p, '}');
    if (!body) return null;
    p.advance();
    rule.body = body;
  } else if (p.tk() !== 'eof') {
    const expr = parseLiteral(p);
    if (!expr) return null;
    rule.body = [expr];
  } else {
    p.illegal('rule body expected');
    return null;
  }
  if (p.kind() === 'else') {
    const next = parseElse(p, head);
    if (!next) return null;
    rule.else = next;
  }
  rule.location = p.locFrom(start);
  return rule;
}

function parseHead(p: ParserState, isDefault: boolean): { head: Head; contains: boolean } | null {
  const start = p.tok;
  const name = parseVar(p);
  // Operators directly after the name (`p+1`) are not a rule head.
  if (!p.tok.ws && headOperators.has(p.tk())) p.illegal();
  const term = parseTermFinish(p, name, start, true);
  if (!term) {
    p.illegal('expected rule head name');
    return null;
  }
  const head: Head = { name: '', reference: [], assign: false, contains: false, if: false, location: p.loc(start) };
  const v = term.value;
  if (v.type === 'var') head.reference = [term];
  else if (v.type === 'ref') head.reference = v.terms;
  else if (v.type === 'call') {
    const op = v.operator.value;
    if (op.type !== 'ref' || op.terms[0]!.value.type !== 'var') {
      p.illegal(`rule head ref ${refToString(op.type === 'ref' ? op.terms : [v.operator])} invalid`);
      return null;
    }
    head.reference = op.terms;
    head.args = v.args;
  } else return null;
  const first = head.reference[0]!.value;
  if (head.reference.length === 1 && first.type === 'var') head.name = first.name;
  const display = () => refToString(head.reference); // only for messages
  const finish = () => (head.location = p.locFrom(start));
  switch (p.kind()) {
    case 'contains': {
      if (head.args) {
        p.illegal(`the contains keyword can only be used with multi-value rule definitions (e.g., ${display()} contains <VALUE> { ... })`);
      }
      p.advance();
      const key = parseTermInfixCall(p);
      if (!key) p.illegal(`expected rule key term (e.g., ${display()} contains <VALUE> { ... })`);
      else head.key = key;
      head.contains = true;
      finish();
      return { head, contains: true };
    }
    case '=': {
      p.advance();
      const value = parseTermInfixCall(p);
      if (!value) p.illegal(`expected rule value term (e.g., ${display()}[<nil>] = <VALUE> { ... })`);
      else head.value = value;
      break;
    }
    case ':=': {
      p.advance();
      head.assign = true;
      const value = parseTermInfixCall(p);
      if (!value) {
        if (head.args) p.illegal(`expected function value term (e.g., ${display()}(...) := <VALUE> { ... })`);
        else if (isDefault) p.illegal(`expected default rule value term (e.g., default ${display()} := <VALUE>)`);
        else p.illegal(`expected rule value term (e.g., ${display()} := <VALUE> { ... })`);
      } else head.value = value;
      break;
    }
  }
  if (!head.value && (head.reference.length !== 2 || head.args)) {
    head.value = { value: { type: 'boolean', value: true }, location: head.location };
    p.generatedValues.add(head);
  }
  finish();
  return { head, contains: false };
}

function validateDefault(p: ParserState, rule: Rule): boolean {
  const value = rule.head.value;
  if (!value) {
    p.errorAt(rule.location, 'illegal default rule (must have a value)');
    return false;
  }
  const bad = findNonConstant(value);
  if (bad) {
    p.errorAt(rule.location, `illegal default rule (value cannot contain ${bad})`);
    return false;
  }
  const seen = new Set<string>();
  for (const a of rule.head.args ?? []) {
    if (a.value.type !== 'var') {
      p.errorAt(rule.location, `illegal default rule (arguments cannot contain ${a.value.type})`);
      return false;
    }
    if (seen.has(a.value.name)) {
      p.errorAt(rule.location, `illegal default rule (arguments cannot be repeated ${a.value.name})`);
      return false;
    }
    seen.add(a.value.name);
  }
  return true;
}

/** Names the first ref/var/call in a default value, skipping comprehensions (as OPA does). */
function findNonConstant(t: Term): string | undefined {
  const v = t.value;
  switch (v.type) {
    case 'ref':
    case 'var':
    case 'call':
      return v.type;
    case 'array':
    case 'set':
      for (const x of v.items) {
        const r = findNonConstant(x);
        if (r) return r;
      }
      return undefined;
    case 'object':
      for (const [k, x] of v.items) {
        const r = findNonConstant(k) ?? findNonConstant(x);
        if (r) return r;
      }
      return undefined;
    default:
      return undefined;
  }
}
