// Parser state shared by the parsing functions: the token array, the position, active keywords,
// the wildcard counter and collected errors. Backtracking is `save()`/`restore()` of a few numbers.

import type { Location, Term, Value } from './ast.ts';
import { RegoError } from './errors.ts';
import type { Token, TokenKind } from './lexer.ts';

/** Keywords of every Rego version. */
export const baseKeywords = ['package', 'import', 'as', 'default', 'else', 'not', 'some', 'with', 'null', 'true', 'false'];
/** Keywords of Rego v1 that v0 modules get from `import future.keywords[.kw]` or `import rego.v1`. */
export const futureKeywords = ['in', 'every', 'contains', 'if'];

export type Keyword =
  | 'package' | 'import' | 'as' | 'default' | 'else' | 'not' | 'some' | 'with' | 'null' | 'true' | 'false'
  | 'in' | 'every' | 'contains' | 'if' | 'and' | 'or';

/** A token kind, with identifiers that are active keywords reported as the keyword. */
export type Kind = TokenKind | Keyword;

/** OPA's names for tokens, used in "unexpected X token" messages. */
const tokenNames: Partial<Record<TokenKind, string>> = {
  ident: 'ident', '+': 'plus', '-': 'minus', '*': 'mul', '/': 'div', '%': 'rem', '&': 'and', '|': 'or',
  '=': 'eq', '==': 'equal', ':=': 'assign', '!=': 'neq', '>': 'gt', '<': 'lt', '>=': 'gte', '<=': 'lte',
};

export interface ParseIssue {
  reason: string;
  row: number;
  col: number;
}

export interface SavedState {
  pos: number;
  wildcard: number;
  errors: number;
  hints: number;
  forced: number;
}

export class ParserState {
  readonly src: string;
  readonly file: string;
  readonly tokens: Token[];
  pos = 0;
  wildcard = 0;
  /** Errors so far, as plain records: backtracking creates and drops many, so no Error objects here. */
  errors: ParseIssue[] = [];
  hints: string[] = [];
  keywords: Set<string>;
  /** Index of a keyword token to read as an identifier (a keyword starting a ref: `as.foo`). */
  forced = -1;
  /** Terms parsed at a token index, reused when the parser backtracks over the same text. */
  readonly cache = new Map<number, { term: Term; pos: number; wildcard: number }>();
  readonly regoVersion: 0 | 1;
  /** OPA's unreleased keywords (`and`, `or`, grouping `not`) may be imported. */
  experimental = false;
  /** An experimental keyword was imported: literals may be `and`/`or` chains. */
  logical = false;
  /** Head objects whose value the parser made up (`p { }` gets `true`), for the v1 checks. */
  readonly generatedValues = new WeakSet<object>();
  /** Rules whose body the parser made up (`p := 1` gets `{ true }`). */
  readonly generatedBodies = new WeakSet<object>();

  constructor(src: string, file: string, tokens: Token[], regoVersion: 0 | 1) {
    this.src = src;
    this.file = file;
    this.tokens = tokens;
    this.regoVersion = regoVersion;
    this.keywords = new Set(regoVersion === 1 ? [...baseKeywords, ...futureKeywords] : baseKeywords);
    this.checkScanError();
  }

  get tok(): Token {
    return this.tokens[this.pos]!;
  }

  peek(offset = 1): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  /** Kind of a token, keywords resolved against the active keyword set. */
  kindOf(t: Token): Kind {
    if (t.kind === 'ident' && this.keywords.has(t.text) && !(this.forced >= 0 && t === this.tokens[this.forced])) {
      return t.text as Keyword;
    }
    return t.kind;
  }

  /** Kind of the current token (a method, so type narrowing does not outlive `advance()`). */
  kind(): Kind {
    return this.kindOf(this.tok);
  }

  /** Raw lexer kind of the current token (keywords are 'ident'). */
  tk(): TokenKind {
    return this.tokens[this.pos]!.kind;
  }

  isKeyword(name: string): boolean {
    return this.keywords.has(name);
  }

  /** The next token directly follows the current one (no whitespace) and is `.` or `[`. */
  refFollows(): boolean {
    const next = this.peek();
    return !next.ws && (next.kind === '.' || next.kind === '[');
  }

  advance(): void {
    if (this.pos < this.tokens.length - 1) this.pos++;
    this.checkScanError();
  }

  private checkScanError(): void {
    const t = this.tok;
    if (t.error) this.errorAt(t, t.error);
  }

  save(): SavedState {
    return { pos: this.pos, wildcard: this.wildcard, errors: this.errors.length, hints: this.hints.length, forced: this.forced };
  }

  restore(s: SavedState): void {
    this.pos = s.pos;
    this.wildcard = s.wildcard;
    this.errors.length = s.errors;
    this.hints.length = s.hints;
    this.forced = s.forced;
  }

  /**
   * OPA lets a keyword start a ref (`contains.x`, `if[0]`): when the current token is an active
   * keyword directly followed by `.` or `[`, read it as an identifier. Returns whether it did.
   */
  keywordAsRef(): boolean {
    const t = this.tok;
    if (t.kind === 'ident' && this.kindOf(t) !== 'ident' && this.refFollows()) {
      this.forced = this.pos;
      return true;
    }
    return false;
  }

  loc(t: Token = this.tok): Location {
    return { file: this.file, row: t.row, col: t.col };
  }

  /** Location of `t` with the source text from `t` to the end of the last consumed token. */
  locFrom(t: Token): Location {
    const prev = this.tokens[this.pos - 1];
    const end = prev && prev.end > t.start ? prev.end : t.end;
    return { file: this.file, row: t.row, col: t.col, text: this.src.slice(t.start, end) };
  }

  /** End offset of the last consumed token. */
  get lastEnd(): number {
    return this.tokens[this.pos - 1]?.end ?? 0;
  }

  term<V extends Value>(value: V, start: Token): Term<V> {
    return { value, location: this.locFrom(start) };
  }

  genWildcard(): string {
    return `$${this.wildcard++}`;
  }

  hint(h: string): void {
    this.hints.push(h);
  }

  errorAt(at: Token | Location, reason: string): void {
    let msg = reason;
    if (this.hints.length === 1) msg += ` (hint: ${this.hints[0]})`;
    else if (this.hints.length > 1) msg += ` (hints: ${this.hints.join(', ')})`;
    this.hints = [];
    this.errors.push({ reason: msg, row: at.row, col: at.col });
  }

  /** The collected errors as RegoErrors, with the source line each points at. */
  regoErrors(): RegoError[] {
    return this.errors.map((e) => {
      const err = new RegoError('rego_parse_error', e.reason, { file: this.file, row: e.row, col: e.col });
      const line = this.sourceLine(e.row);
      if (line !== undefined) err.details = { line, idx: Math.max(0, e.col - 1) };
      return err;
    });
  }

  private lines?: string[];

  private sourceLine(row: number): string | undefined {
    this.lines ??= this.src.split(/\r?\n/);
    return this.lines[row - 1];
  }

  /** OPA's "unexpected <token> token[: note]" error at the current token. */
  illegal(note = ''): void {
    const t = this.tok;
    if (t.kind === 'illegal') {
      this.errorAt(t, 'illegal token');
      return;
    }
    const kind = this.kindOf(t);
    let name: string;
    let type = 'token';
    if (kind !== t.kind) {
      name = t.text;
      type = 'keyword';
    } else if (t.kind === 'tmpl') name = t.last ? 'template-string-end' : 'template-string-part';
    else name = tokenNames[t.kind] ?? t.kind;
    this.errorAt(t, note ? `unexpected ${name} ${type}: ${note}` : `unexpected ${name} ${type}`);
  }
}

/** Spelling of token kinds in messages such as `expected \n or ; or }`. */
export function tokenName(k: TokenKind): string {
  return tokenNames[k] ?? k;
}
