// Rego lexer: turns source text into an array of tokens, up front, so the parser can backtrack
// by index. Whitespace is not a token; instead each token records whether whitespace (or a
// comment) precedes it (`ws`, which decides `a[x]` vs `a [x]`) and whether a newline does (`nl`,
// which separates body expressions). Keywords are lexed as identifiers: which identifiers are
// keywords depends on the Rego version and on `future.keywords` imports, so the parser decides.
// Template strings (`$"a {x} b"`) are lexed into part tokens around ordinary expression tokens.

export type TokenKind =
  | 'ident' | 'number' | 'string' | 'tmpl'
  | '[' | ']' | '{' | '}' | '(' | ')' | ',' | ':' | ':=' | ';' | '.'
  | '+' | '-' | '*' | '/' | '%' | '&' | '|' | '=' | '==' | '!=' | '<' | '<=' | '>' | '>='
  | 'illegal' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for strings: with quotes; for template parts: decoded text). */
  text: string;
  /** Decoded value of string literals; undefined when the literal is malformed. */
  value?: string;
  /** For template parts: the part ends the string (as opposed to opening a `{...}` expression). */
  last?: boolean;
  /** For string and template tokens: raw (backtick) form. */
  raw?: boolean;
  /** A scanner error at this token (the token is then `illegal`). */
  error?: string;
  start: number;
  end: number;
  row: number;
  col: number;
  ws: boolean;
  nl: boolean;
}

export interface LexedComment {
  text: string;
  row: number;
  col: number;
}

export interface LexResult {
  tokens: Token[];
  comments: LexedComment[];
}

const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isDecimal = (c: number) => c >= 48 && c <= 57;

const punct2: Record<string, TokenKind> = { ':=': ':=', '==': '==', '!=': '!=', '<=': '<=', '>=': '>=' };
const punct1 = new Set('[]{}(),:;.+-*/%&|=<>');

export function lex(src: string): LexResult {
  const tokens: Token[] = [];
  const comments: LexedComment[] = [];
  const n = src.length;
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row = 1;
  let lineStart = i; // offset of the first char of the current row
  let colBias = 0; // columns count code points: subtract the extra UTF-16 units seen on this row
  let ws = false;
  let nl = false;
  // Template-expression nesting: each entry counts `{` opened inside one `{...}` of a template.
  const tmplStack: Array<{ depth: number; raw: boolean }> = [];

  const col = (at: number) => at - lineStart - colBias + 1;
  const push = (kind: TokenKind, start: number, end: number, extra?: Partial<Token>): Token => {
    const t: Token = { kind, text: src.slice(start, end), start, end, row: tokRow, col: tokCol, ws, nl };
    if (extra) Object.assign(t, extra);
    tokens.push(t);
    ws = false;
    nl = false;
    return t;
  };
  let tokRow = 1;
  let tokCol = 1;

  // Advances over a span that may contain newlines and non-BMP characters, keeping row/col.
  const track = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const c = src.charCodeAt(k);
      if (c === 10) {
        row++;
        lineStart = k + 1;
        colBias = 0;
      } else if (c >= 0xdc00 && c <= 0xdfff && k > from && isHigh(src.charCodeAt(k - 1))) colBias++;
    }
  };

  const scanTemplatePart = (start: number, raw: boolean) => {
    // `start` is the index just after the opening `"`/`` ` ``/`}`.
    let j = start;
    let out = '';
    let last = false;
    let error: string | undefined;
    for (;;) {
      if (j >= n || (!raw && src.charCodeAt(j) === 10)) {
        error = 'non-terminated string';
        break;
      }
      const c = src.charCodeAt(j);
      if (c === (raw ? 96 : 34)) {
        last = true;
        j++;
        break;
      }
      if (c === 123) {
        j++;
        break;
      }
      if (c === 92) {
        const d = src.charCodeAt(j + 1);
        if (d === 123) {
          out += '{';
          j += 2;
          continue;
        }
        if (raw) {
          out += '\\';
          j++;
          continue;
        }
        const esc = decodeEscape(src, j);
        if (esc === undefined) {
          error = 'illegal escape sequence';
          j += 2;
          break;
        }
        if (esc.text === undefined) {
          error = 'illegal template-string part';
          j = esc.next;
          break;
        }
        out += esc.text;
        j = esc.next;
        continue;
      }
      out += src[j];
      j++;
    }
    return { end: j, value: out, last, error };
  };

  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) {
      ws = true;
      i++;
      continue;
    }
    if (c === 10) {
      ws = true;
      nl = true;
      i++;
      row++;
      lineStart = i;
      colBias = 0;
      continue;
    }
    if (c === 35) {
      let j = i + 1;
      while (j < n && src.charCodeAt(j) !== 10) j++;
      let end = j;
      if (end > i + 1 && src.charCodeAt(end - 1) === 13) end--;
      comments.push({ text: src.slice(i + 1, end), row, col: col(i) });
      track(i, j);
      ws = true;
      i = j;
      continue;
    }
    tokRow = row;
    tokCol = col(i);
    const start = i;
    if (isLetter(c)) {
      let j = i + 1;
      while (j < n) {
        const d = src.charCodeAt(j);
        if (!isLetter(d) && !isDecimal(d)) break;
        j++;
      }
      push('ident', start, j);
      i = j;
      continue;
    }
    if (isDecimal(c)) {
      const r = scanNumber(src, i);
      push(r.error ? 'illegal' : 'number', start, r.end, r.error ? { error: r.error } : undefined);
      i = r.end;
      continue;
    }
    if (c === 34 || c === 96) {
      const r = c === 34 ? scanString(src, i) : scanRawString(src, i);
      track(i, r.end);
      if (r.error) push('illegal', start, r.end, { error: r.error });
      else push('string', start, r.end, { value: r.value, raw: c === 96 });
      i = r.end;
      continue;
    }
    if (c === 36) {
      const d = src.charCodeAt(i + 1);
      if (d === 34 || d === 96) {
        const raw = d === 96;
        const r = scanTemplatePart(i + 2, raw);
        track(i, r.end);
        if (r.error) push('illegal', start, r.end, { error: r.error });
        else {
          push('tmpl', start, r.end, { value: r.value, last: r.last, raw });
          if (!r.last) tmplStack.push({ depth: 0, raw });
        }
        i = r.end;
        continue;
      }
      push('illegal', start, i + 1, { error: 'illegal $ character' });
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    const kind2 = punct2[two];
    if (kind2) {
      push(kind2, start, i + 2);
      i += 2;
      continue;
    }
    const ch = src[i]!;
    if (punct1.has(ch)) {
      const top = tmplStack[tmplStack.length - 1];
      if (top && ch === '{') top.depth++;
      if (top && ch === '}') {
        if (top.depth === 0) {
          // End of a template expression: the `}` token, then the next literal part.
          push('}', start, i + 1);
          tmplStack.pop();
          tokRow = row;
          tokCol = col(i);
          const r = scanTemplatePart(i + 1, top.raw);
          track(i + 1, r.end);
          if (r.error) push('illegal', i, r.end, { error: r.error });
          else {
            push('tmpl', i, r.end, { value: r.value, last: r.last, raw: top.raw });
            if (!r.last) tmplStack.push(top);
          }
          i = r.end;
          continue;
        }
        top.depth--;
      }
      push(ch as TokenKind, start, i + 1);
      i++;
      continue;
    }
    if (ch === '!') {
      push('illegal', start, i + 1, { error: 'illegal ! character' });
      i++;
      continue;
    }
    // Any other character (including non-ASCII letters) is an illegal token.
    const width = isHigh(c) && i + 1 < n ? 2 : 1;
    push('illegal', start, i + width);
    if (width === 2) colBias++;
    i += width;
  }
  tokRow = row;
  tokCol = col(i);
  push('eof', n, n);
  return { tokens, comments };
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;

function scanNumber(src: string, i: number): { end: number; error?: string } {
  const n = src.length;
  let j = i;
  let error: string | undefined;
  while (j < n && isDecimal(src.charCodeAt(j))) j++;
  if (src.charCodeAt(j) === 46) {
    j++;
    const f = j;
    while (j < n && isDecimal(src.charCodeAt(j))) j++;
    if (j === f) error = 'expected fraction';
  }
  const e = src.charCodeAt(j);
  if (e === 101 || e === 69) {
    j++;
    const s = src.charCodeAt(j);
    if (s === 43 || s === 45) j++;
    const f = j;
    while (j < n && isDecimal(src.charCodeAt(j))) j++;
    if (j === f) error ??= 'expected exponent';
  }
  if (j < n && isLetter(src.charCodeAt(j))) {
    error ??= 'illegal number format';
    while (j < n && (isLetter(src.charCodeAt(j)) || isDecimal(src.charCodeAt(j)))) j++;
  }
  return { end: j, error };
}

function scanString(src: string, i: number): { end: number; value?: string; error?: string } {
  const n = src.length;
  let j = i + 1;
  let out = '';
  let from = j;
  let malformed = false; // a bad `\u` escape: OPA reports the whole literal
  for (;;) {
    if (j >= n || src.charCodeAt(j) === 10) return { end: j, error: 'non-terminated string' };
    const c = src.charCodeAt(j);
    if (c === 34) {
      out += src.slice(from, j);
      if (malformed) return { end: j + 1, error: `illegal string literal: ${src.slice(i, j + 1)}` };
      return { end: j + 1, value: out };
    }
    if (c === 92) {
      out += src.slice(from, j);
      const esc = decodeEscape(src, j);
      if (esc === undefined) return { end: Math.min(j + 2, n), error: 'illegal escape sequence' };
      if (esc.text === undefined) malformed = true;
      out += esc.text ?? '';
      j = esc.next;
      from = j;
      continue;
    }
    j++;
  }
}

function scanRawString(src: string, i: number): { end: number; value?: string; error?: string } {
  const close = src.indexOf('`', i + 1);
  if (close < 0) return { end: src.length, error: 'non-terminated string' };
  return { end: close + 1, value: src.slice(i + 1, close) };
}

const simpleEscapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Decodes the escape at `src[j] === '\\'`. Returns undefined for an unknown escape letter, and
 * `text: undefined` for a malformed `\u` escape. Lone surrogates decode to U+FFFD, as Go does.
 */
function decodeEscape(src: string, j: number): { text?: string; next: number } | undefined {
  const d = src[j + 1];
  if (d === undefined) return undefined;
  const simple = simpleEscapes[d];
  if (simple !== undefined) return { text: simple, next: j + 2 };
  if (d !== 'u') return undefined;
  const hex = src.slice(j + 2, j + 6);
  if (!/^[0-9a-fA-F]{4}$/.test(hex)) return { next: Math.min(j + 6, src.length) };
  const code = parseInt(hex, 16);
  if (code >= 0xd800 && code <= 0xdbff) {
    const lo = src.slice(j + 6, j + 12);
    if (/^\\u[dD][c-fC-F][0-9a-fA-F]{2}$/.test(lo)) {
      return { text: String.fromCharCode(code, parseInt(lo.slice(2), 16)), next: j + 12 };
    }
    return { text: '\ufffd', next: j + 6 };
  }
  if (code >= 0xdc00 && code <= 0xdfff) return { text: '\ufffd', next: j + 6 };
  return { text: String.fromCharCode(code), next: j + 6 };
}
