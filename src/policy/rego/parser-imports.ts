// Parsing of `package` and `import` statements, and of the imports that switch keywords on:
// `future.keywords[.kw]`, `rego.v1`, and OPA's newer/experimental `future.keywords.not|and|or`.

import type { Import, Package, Term } from './ast.ts';
import { refToString } from './ast-util.ts';
import { baseKeywords, futureKeywords, type ParserState } from './parser-state.ts';
import { parseTerm } from './parser-terms.ts';

/** OPA's unreleased keywords, importable only with the parser option `experimentalKeywords`. */
const experimentalKeywords = ['and', 'or', 'not'];

export function isKeywordInVersion(name: string, version: 0 | 1): boolean {
  return baseKeywords.includes(name) || (version === 1 && futureKeywords.includes(name));
}

function readIdentOrKeyword(p: ParserState): boolean {
  if (p.tk() !== 'ident') return false;
  if (p.kind() !== 'ident') p.forced = p.pos;
  return true;
}

export function parsePackage(p: ParserState): Package | null {
  const start = p.tok;
  if (p.refFollows()) return null; // `package.x` is a ref
  p.advance();
  if (!readIdentOrKeyword(p)) {
    p.illegal();
    return null;
  }
  const term = parseTerm(p);
  if (!term) {
    if (p.errors.length === 0) p.errorAt(p.tok, 'expected path');
    return null;
  }
  const v = term.value;
  const data = (t: Term): Term => ({ value: { type: 'var', name: 'data' }, location: t.location });
  let path: Term[];
  if (v.type === 'var') {
    path = [data(term), { value: { type: 'string', value: v.name }, location: term.location }];
  } else if (v.type === 'ref') {
    const [head, ...rest] = v.terms;
    if (head!.value.type !== 'var') {
      p.errorAt(head!.location, `unexpected ${head!.value.type} token: expecting var`);
      return null;
    }
    path = [data(head!), { value: { type: 'string', value: head!.value.name }, location: head!.location }];
    for (const t of rest) {
      if (t.value.type !== 'string') {
        p.errorAt(t.location, `unexpected ${t.value.type} token: expecting string`);
        return null;
      }
      path.push(t);
    }
  } else {
    p.illegal();
    return null;
  }
  return { path, location: p.locFrom(start) };
}

export function parseImport(p: ParserState): Import | null {
  const start = p.tok;
  if (p.refFollows()) return null;
  p.advance();
  if (!readIdentOrKeyword(p)) {
    p.illegal();
    return null;
  }
  // Future keywords are plain names inside an import path (`import future.keywords.in`).
  const active = p.keywords;
  p.keywords = new Set([...active].filter((k) => !futureKeywords.includes(k)));
  const term = parseTerm(p);
  p.keywords = active;
  if (!term) {
    if (p.errors.length === 0) p.errorAt(p.tok, 'expected path');
    return null;
  }
  let path: Term;
  if (term.value.type === 'var') path = { value: { type: 'ref', terms: [term] }, location: term.location };
  else if (term.value.type === 'ref') {
    for (const t of term.value.terms.slice(1)) {
      if (t.value.type !== 'string') {
        p.errorAt(t.location, `unexpected ${t.value.type} token: expecting string`);
        return null;
      }
    }
    path = term;
  } else {
    p.errorAt(p.tok, 'expected path');
    return null;
  }
  const terms = (path.value as { terms: Term[] }).terms;
  const head = terms[0]!.value;
  const headName = head.type === 'var' ? head.name : '';
  if (!['data', 'input', 'future', 'rego'].includes(headName)) {
    p.hint('if this is unexpected, try updating OPA');
    p.errorAt(path.location, `unexpected import path, must begin with one of: {data, future, input, rego}, got: ${refToString([terms[0]!])}`);
    return null;
  }
  const imp: Import = { path: path as Import['path'], location: p.locFrom(start) };
  if (p.kind() === 'as') {
    p.advance();
    if (p.kind() !== 'ident') {
      p.illegal('expected var');
      return null;
    }
    imp.alias = p.tok.text;
    p.advance();
    imp.location = p.locFrom(start);
    return imp;
  }
  const last = terms[terms.length - 1]!.value;
  const lastName = last.type === 'var' ? last.name : last.type === 'string' ? last.value : '';
  if ((terms.length === 1 || headName !== 'future') && isKeywordInVersion(lastName, p.regoVersion)) {
    p.errorAt(terms[terms.length - 1]!.location, `unexpected import path, must not end with a keyword, got: ${lastName}`);
    p.hint('import a different path or use an alias');
  }
  return imp;
}

/** Applies `import future.keywords[.kw]` and `import rego.v1` to the active keywords. */
export function applyKeywordImport(p: ParserState, imp: Import, onRegoV1: () => void): void {
  const terms = imp.path.value.type === 'ref' ? imp.path.value.terms : [];
  const head = terms[0]?.value;
  const str = (i: number) => {
    const v = terms[i]?.value;
    return v?.type === 'string' ? v.value : undefined;
  };
  if (head?.type !== 'var') return;
  if (head.name === 'future') {
    if (terms.length === 1 || str(1) !== 'keywords') {
      p.errorAt(imp.path.location, 'invalid import, must be `future.keywords`');
      return;
    }
    if (imp.alias) {
      p.errorAt(imp.path.location, '`future` imports cannot be aliased');
      return;
    }
    let kws = futureKeywords;
    if (terms.length === 3) {
      const kw = str(2)!;
      // `not { body }` (future.keywords.not) exists in OPA 1.x; `and`/`or` are still experimental.
      if ((kw === 'not' && p.regoVersion === 1) || (p.experimental && experimentalKeywords.includes(kw))) {
        if (kw !== 'not') p.keywords.add(kw);
        p.logical = true;
        return;
      }
      if (!futureKeywords.includes(kw)) {
        p.errorAt(imp.path.location, `unexpected keyword, must be one of [${[...futureKeywords].sort().join(' ')}]`);
        return;
      }
      kws = kw === 'every' ? ['every', 'in'] : [kw];
    } else if (terms.length > 3) {
      p.errorAt(imp.path.location, 'invalid import, must be `future.keywords.x`, e.g. `import future.keywords.in`');
      return;
    }
    for (const k of kws) p.keywords.add(k);
  } else if (head.name === 'rego') {
    if (terms.length !== 2 || str(1) !== 'v1') {
      p.errorAt(imp.path.location, `invalid import \`${refToString(terms)}\`, must be \`rego.v1\``);
      return;
    }
    if (p.regoVersion === 1) return;
    if (imp.alias) {
      p.errorAt(imp.path.location, '`rego` imports cannot be aliased');
      return;
    }
    for (const k of futureKeywords) p.keywords.add(k);
    onRegoV1();
  }
}
