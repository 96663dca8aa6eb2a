// Parsing of collection literals: arrays, sets, objects and their comprehensions. A single term
// is tried first so that `[x | ...]` and `{x | ...}` read as comprehensions rather than `or` calls.

import type { Term, Value } from './ast.ts';
import type { Token, TokenKind } from './lexer.ts';
import { parseBody } from './parser-body.ts';
import type { ParserState } from './parser-state.ts';
import { parseTerm, parseTermInfixCallInList } from './parser-terms.ts';

/** Comma-separated terms up to (not past) `end`; a trailing comma is allowed. */
export function parseTermList(p: ParserState, end: TokenKind, out: Term[]): Term[] | null {
  if (p.tk() === end) return out;
  for (;;) {
    const t = parseTermInfixCallInList(p);
    if (!t) return null;
    out.push(t);
    if (p.tk() === end) return out;
    if (p.tk() !== ',') {
      p.illegal(`expected "," or "${end}"`);
      return null;
    }
    p.advance();
    if (p.tk() === end) return out;
  }
}

function parseTermPairList(p: ParserState, end: TokenKind, out: Array<[Term, Term]>): Array<[Term, Term]> | null {
  if (p.tk() === end) return out;
  for (;;) {
    const k = parseTermInfixCallInList(p);
    if (!k) return null;
    if (p.tk() !== ':') {
      p.illegal('expected ":"');
      return null;
    }
    p.advance();
    const v = parseTermInfixCallInList(p);
    if (!v) return null;
    out.push([k, v]);
    if (p.tk() === end) return out;
    if (p.tk() !== ',') {
      p.illegal(`expected "," or "${end}"`);
      return null;
    }
    p.advance();
    if (p.tk() === end) return out;
  }
}

function finish(p: ParserState, value: Value, start: Token): Term {
  p.advance(); // the closing bracket
  return p.term(value, start);
}

export function parseArray(p: ParserState): Term | null {
  const start = p.tok;
  p.advance();
  if (p.tk() === ']') return finish(p, { type: 'array', items: [] }, start);
  let comprehension = true;
  if (p.tk() === ',') {
    comprehension = false; // `[, x]` is accepted (OPA back-compat) but cannot be a comprehension
    p.advance();
  }
  const s = p.save();
  // A single term first: `[x | ...]` is a comprehension, not `or(x, ...)`.
  const head = parseTerm(p);
  if (!head) return null;
  if (p.tk() === ']') return finish(p, { type: 'array', items: [head] }, start);
  if (p.tk() === ',') {
    p.advance();
    const items = parseTermList(p, ']', [head]);
    return items ? finish(p, { type: 'array', items }, start) : null;
  }
  if (p.tk() === '|' && comprehension) {
    p.advance();
    const body = parseBody(p, ']');
    if (body) return finish(p, { type: 'arraycomprehension', term: head, body }, start);
    if (p.tk() !== ',') return null;
  }
  p.restore(s);
  const items = parseTermList(p, ']', []);
  return items ? finish(p, { type: 'array', items }, start) : null;
}

export function parseSetOrObject(p: ParserState): Term | null {
  const start = p.tok;
  p.advance();
  if (p.tk() === '}') return finish(p, { type: 'object', items: [] }, start);
  let comprehension = true;
  if (p.tk() === ',') {
    comprehension = false;
    p.advance();
  }
  const s = p.save();
  let head = parseTerm(p);
  if (!head) return null;
  const k = p.tk();
  if ((k === '|' && comprehension) || k === '}' || k === ',') return parseSet(p, s, head, comprehension, start);
  if (k === ':') return parseObject(p, head, comprehension, start);
  p.restore(s);
  head = parseTermInfixCallInList(p);
  if (!head) return null;
  if (p.tk() === '}' || p.tk() === ',') return parseSet(p, s, head, false, start);
  if (p.tk() === ':') return parseObject(p, head, comprehension, start);
  p.illegal('non-terminated set');
  return null;
}

function parseSet(p: ParserState, s: ReturnType<ParserState['save']>, head: Term, comprehension: boolean, start: Token): Term | null {
  const k = p.tk();
  if (k === '}') return finish(p, { type: 'set', items: [head] }, start);
  if (k === ',') {
    p.advance();
    const items = parseTermList(p, '}', [head]);
    return items ? finish(p, { type: 'set', items }, start) : null;
  }
  if (k === '|') {
    if (comprehension) {
      p.advance();
      const body = parseBody(p, '}');
      if (body) return finish(p, { type: 'setcomprehension', term: head, body }, start);
      if (p.tk() !== ',') return null;
    }
    p.restore(s);
    const items = parseTermList(p, '}', []);
    return items ? finish(p, { type: 'set', items }, start) : null;
  }
  return null;
}

function parseObject(p: ParserState, key: Term, comprehension: boolean, start: Token): Term | null {
  p.advance(); // :
  const s = p.save();
  const v = parseTerm(p);
  if (!v) return null;
  let relation = true;
  if (comprehension) {
    const k = p.tk();
    if (k === '}' || k === ',' || k === '|') {
      if (k !== '|') relation = false;
      const t = parseObjectFinish(p, key, v, true, start);
      if (t) return t;
    }
  }
  p.restore(s);
  if (relation) {
    const v2 = parseTermInfixCallInList(p);
    if (!v2) return null;
    if (p.tk() === '}' || p.tk() === ',') return parseObjectFinish(p, key, v2, false, start);
  }
  p.illegal('non-terminated object');
  return null;
}

function parseObjectFinish(p: ParserState, key: Term, val: Term, comprehension: boolean, start: Token): Term | null {
  const k = p.tk();
  if (k === '}') return finish(p, { type: 'object', items: [[key, val]] }, start);
  if (k === '|') {
    if (!comprehension) {
      p.illegal('non-terminated object');
      return null;
    }
    p.advance();
    const body = parseBody(p, '}');
    return body ? finish(p, { type: 'objectcomprehension', key, value: val, body }, start) : null;
  }
  if (k === ',') {
    p.advance();
    const items = parseTermPairList(p, '}', [[key, val]]);
    return items ? finish(p, { type: 'object', items }, start) : null;
  }
  return null;
}
