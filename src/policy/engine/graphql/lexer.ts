// GraphQL tokenizer with gqlparser's token names and positions (1-based line, column counted
// in code points). A malformed token comes back as kind '<Invalid>' carrying its own error; the
// parser reports that error only when it consumes the token, as gqlparser does.

export type TokenKind =
  | '<Invalid>' | '<EOF>' | '!' | '$' | '&' | '(' | ')' | '...' | ':' | '=' | '@' | '[' | ']' | '{' | '|' | '}'
  | 'Name' | 'Int' | 'Float' | 'String' | 'BlockString';

export interface Position {
  line: number;
  column: number;
}

export interface Token extends Position {
  kind: TokenKind;
  value: string;
  /** Set on '<Invalid>' tokens: the lexer's own message and where it points. */
  error?: { message: string } & Position;
}

/** How gqlparser prints a token in messages: `Name "foo"` for valued tokens, else the kind. */
export function describeToken(tok: Token): string {
  return tok.value !== '' ? `${tok.kind} ${JSON.stringify(tok.value)}` : tok.kind;
}

const PUNCTUATORS: Record<string, TokenKind> = {
  '!': '!', '$': '$', '&': '&', '(': '(', ')': ')', ':': ':', '=': '=', '@': '@',
  '[': '[', ']': ']', '{': '{', '}': '}', '|': '|',
};

const isNameStart = (c: string): boolean => /^[_A-Za-z]$/.test(c);
const isNameChar = (c: string): boolean => /^[_0-9A-Za-z]$/.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

export class Lexer {
  private readonly chars: string[];
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private start = 0;

  constructor(input: string) {
    this.chars = Array.from(input);
  }

  next(): Token {
    this.skipIgnored();
    this.start = this.pos;
    const c = this.chars[this.pos];
    if (c === undefined) return this.token('<EOF>', '');
    this.pos++;
    const punct = PUNCTUATORS[c];
    if (punct) return this.token(punct, '');
    if (c === '.' && this.chars[this.pos] === '.' && this.chars[this.pos + 1] === '.') {
      this.pos += 2;
      return this.token('...', '');
    }
    if (c === '#') {
      while (this.pos < this.chars.length && !/[\n\r]/.test(this.chars[this.pos])) this.pos++;
      return this.next();
    }
    if (isNameStart(c)) {
      while (this.pos < this.chars.length && isNameChar(this.chars[this.pos])) this.pos++;
      return this.token('Name', this.text());
    }
    if (c === '-' || isDigit(c)) return this.readNumber();
    if (c === '"') {
      if (this.chars[this.pos] === '"' && this.chars[this.pos + 1] === '"') return this.readBlockString();
      return this.readString();
    }
    this.pos--;
    const code = c.codePointAt(0) ?? 0;
    if (code < 0x20 && c !== '\t' && c !== '\n' && c !== '\r') {
      return this.invalid(`Cannot contain the invalid character "\\u${code.toString().padStart(4, '0')}"`);
    }
    if (c === "'") return this.invalid(`Unexpected single quote character ('), did you mean to use a double quote (")?`);
    return this.invalid(`Cannot parse the unexpected character "${c}".`);
  }

  private skipIgnored(): void {
    while (this.pos < this.chars.length) {
      const c = this.chars[this.pos];
      if (c === ' ' || c === '\t' || c === ',' || c === '\uFEFF') {
        this.pos++;
      } else if (c === '\n' || c === '\r') {
        this.pos++;
        if (c === '\r' && this.chars[this.pos] === '\n') this.pos++;
        this.newLine();
      } else {
        return;
      }
    }
  }

  private newLine(): void {
    this.line++;
    this.lineStart = this.pos;
  }

  private text(): string {
    return this.chars.slice(this.start, this.pos).join('');
  }

  private token(kind: TokenKind, value: string, startShift = 0): Token {
    return { kind, value, line: this.line, column: this.start + startShift - this.lineStart + 1 };
  }

  private invalid(message: string): Token {
    const at = { line: this.line, column: this.pos - this.lineStart + 1 };
    return { kind: '<Invalid>', value: '', line: at.line, column: at.column, error: { message, ...at } };
  }

  private describeNext(): string {
    const c = this.chars[this.pos];
    return c === undefined ? '<EOF>' : `"${c}"`;
  }

  private digits(): number {
    let n = 0;
    while (isDigit(this.chars[this.pos])) {
      this.pos++;
      n++;
    }
    return n;
  }

  private accept(...options: string[]): boolean {
    if (this.pos < this.chars.length && options.includes(this.chars[this.pos])) {
      this.pos++;
      return true;
    }
    return false;
  }

  private readNumber(): Token {
    this.pos--;
    let float = false;
    this.accept('-');
    if (this.accept('0')) {
      const extra = this.digits();
      if (extra !== 0) {
        this.pos -= extra;
        return this.invalid(`Invalid number, unexpected digit after 0: ${this.describeNext()}.`);
      }
    } else if (this.digits() === 0) {
      return this.invalid(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    }
    if (this.accept('.')) {
      float = true;
      if (this.digits() === 0) return this.invalid(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    }
    if (this.accept('e', 'E')) {
      float = true;
      this.accept('-', '+');
      if (this.digits() === 0) return this.invalid(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    }
    return this.token(float ? 'Float' : 'Int', this.text());
  }

  private readString(): Token {
    let value = '';
    while (this.pos < this.chars.length) {
      const c = this.chars[this.pos];
      if (c === '\n' || c === '\r') break;
      const code = c.codePointAt(0) ?? 0;
      if (code < 0x20 && c !== '\t') {
        return this.invalid(`Invalid character within String: "\\u${code.toString().padStart(4, '0')}".`);
      }
      if (c === '"') {
        this.pos++;
        return this.token('String', value, 1);
      }
      if (c !== '\\') {
        value += c;
        this.pos++;
        continue;
      }
      const escape = this.chars[this.pos + 1];
      if (escape === undefined) {
        this.pos++;
        return this.invalid('Invalid character escape sequence.');
      }
      if (escape === 'u') {
        const hex = this.chars.slice(this.pos + 2, this.pos + 6).join('');
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.pos++;
          return this.invalid(`Invalid character escape sequence: \\${this.chars.slice(this.pos, this.pos + 5).join('')}.`);
        }
        value += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
        continue;
      }
      const simple: Record<string, string> = { '"': '"', '/': '/', '\\': '\\', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (!(escape in simple)) {
        this.pos++;
        return this.invalid(`Invalid character escape sequence: \\${escape}.`);
      }
      value += simple[escape];
      this.pos += 2;
    }
    return this.invalid('Unterminated string.');
  }

  private readBlockString(): Token {
    this.pos += 2;
    const startLine = this.line;
    const startColumn = this.start + 3 - this.lineStart + 1;
    let raw = '';
    while (this.pos < this.chars.length) {
      const c = this.chars[this.pos];
      if (c === '"' && this.chars[this.pos + 1] === '"' && this.chars[this.pos + 2] === '"') {
        this.pos += 3;
        return { kind: 'BlockString', value: blockStringValue(raw), line: startLine, column: startColumn };
      }
      const code = c.codePointAt(0) ?? 0;
      if (code < 0x20 && c !== '\t' && c !== '\n' && c !== '\r') {
        return this.invalid(`Invalid character within String: "\\u${code.toString().padStart(4, '0')}".`);
      }
      if (c === '\\' && this.chars.slice(this.pos + 1, this.pos + 4).join('') === '"""') {
        raw += '"""';
        this.pos += 4;
      } else if (c === '\r' || c === '\n') {
        if (c === '\r' && this.chars[this.pos + 1] === '\n') this.pos++;
        raw += '\n';
        this.pos++;
        this.newLine();
      } else {
        raw += c;
        this.pos++;
      }
    }
    return this.invalid('Unterminated string.');
  }
}

/** The spec's BlockStringValue: strips the common indentation and blank first/last lines. */
export function blockStringValue(raw: string): string {
  const lines = raw.split('\n');
  let common: number | undefined;
  for (const line of lines.slice(1)) {
    const indent = line.length - line.replace(/^[ \t]+/, '').length;
    if (indent < line.length && (common === undefined || indent < common)) common = indent;
  }
  const out = lines.map((line, i) => (i > 0 && common ? line.slice(common) : line));
  const blank = (l: string): boolean => /^[ \t]*$/.test(l);
  while (out.length > 0 && blank(out[0])) out.shift();
  while (out.length > 0 && blank(out[out.length - 1])) out.pop();
  return out.join('\n');
}
