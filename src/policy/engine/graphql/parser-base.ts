// Token stream helpers shared by the query and schema parsers, with gqlparser's error texts
// ("Expected Name, found <EOF>", "Unexpected ...", "expected at least one definition, found }").
// The first error ends parsing, which is what gqlparser reports too.
import { Lexer, describeToken, type Token, type TokenKind } from './lexer.ts';
import { ValueKind, positions, type GqlArgument, type GqlDirective, type GqlType, type GqlValue } from './ast.ts';

/** A syntax error at a line and column of the GraphQL text. */
export class GraphQLSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(message);
    this.line = line;
    this.column = column;
  }
}

export class ParserBase {
  private readonly lexer: Lexer;
  private peeked: Token | undefined;
  protected prev: Token | undefined;

  constructor(input: string) {
    this.lexer = new Lexer(input);
  }

  protected peek(): Token {
    this.peeked ??= this.lexer.next();
    return this.peeked;
  }

  protected next(): Token {
    const tok = this.peek();
    this.peeked = undefined;
    if (tok.error) throw new GraphQLSyntaxError(tok.error.message, tok.error.line, tok.error.column);
    this.prev = tok;
    return tok;
  }

  protected fail(tok: Token, message: string): never {
    throw new GraphQLSyntaxError(message, tok.line, tok.column);
  }

  protected unexpected(tok: Token = this.peek()): never {
    this.fail(tok, `Unexpected ${describeToken(tok)}`);
  }

  protected expect(kind: TokenKind): Token {
    const tok = this.peek();
    if (tok.kind !== kind) this.fail(tok, `Expected ${kind}, found ${tok.kind}`);
    return this.next();
  }

  protected expectKeyword(word: string): Token {
    const tok = this.peek();
    if (tok.kind !== 'Name' || tok.value !== word) this.fail(tok, `Expected ${JSON.stringify(word)}, found ${describeToken(tok)}`);
    return this.next();
  }

  protected skip(kind: TokenKind): boolean {
    if (this.peek().kind !== kind) return false;
    this.next();
    return true;
  }

  /** `start item* end`, possibly empty; nothing at all when `start` is absent. */
  protected many<T>(start: TokenKind, end: TokenKind, item: () => T, atLeastOne = false): T[] {
    const out: T[] = [];
    if (!this.skip(start)) return out;
    while (this.peek().kind !== end) out.push(item());
    if (atLeastOne && out.length === 0) this.fail(this.peek(), `expected at least one definition, found ${this.peek().kind}`);
    this.next();
    return out;
  }

  /** Like `many` but with at least one item between the delimiters. */
  protected some<T>(start: TokenKind, end: TokenKind, item: () => T): T[] {
    return this.many(start, end, item, true);
  }

  protected parseName(): string {
    return this.expect('Name').value;
  }

  protected parseVariable(): string {
    this.expect('$');
    return this.parseName();
  }

  protected parseValue(isConst: boolean): GqlValue {
    const tok = this.peek();
    switch (tok.kind) {
      case '[':
        return this.compound(ValueKind.List, this.many('[', ']', () => ({ Name: '', Value: this.parseValue(isConst) })));
      case '{':
        return this.compound(ValueKind.Object, this.many('{', '}', () => this.parseObjectField(isConst)));
      case '$':
        if (isConst) this.unexpected(tok);
        return this.scalar(ValueKind.Variable, this.parseVariable(), tok);
      case 'Int':
        return this.scalar(ValueKind.Int, this.next().value, tok);
      case 'Float':
        return this.scalar(ValueKind.Float, this.next().value, tok);
      case 'String':
        return this.scalar(ValueKind.String, this.next().value, tok);
      case 'BlockString':
        return this.scalar(ValueKind.Block, this.next().value, tok);
      case 'Name': {
        const kind = tok.value === 'true' || tok.value === 'false' ? ValueKind.Boolean : tok.value === 'null' ? ValueKind.Null : ValueKind.Enum;
        return this.scalar(kind, this.next().value, tok);
      }
      default:
        this.unexpected(tok);
    }
  }

  private scalar(kind: number, raw: string, at: Token): GqlValue {
    return this.at({ Raw: raw, Kind: kind, ExpectedTypeHasDefault: false }, at);
  }

  private compound(kind: number, children: { Name: string; Value: GqlValue }[]): GqlValue {
    return { Raw: '', Kind: kind, ...(children.length > 0 ? { Children: children } : {}), ExpectedTypeHasDefault: false };
  }

  private parseObjectField(isConst: boolean): { Name: string; Value: GqlValue } {
    const Name = this.parseName();
    this.expect(':');
    return { Name, Value: this.parseValue(isConst) };
  }

  protected parseArguments(isConst: boolean): GqlArgument[] {
    return this.many('(', ')', () => {
      const at = this.peek();
      const Name = this.parseName();
      this.expect(':');
      return this.at({ Name, Value: this.parseValue(isConst) }, at);
    });
  }

  protected parseDirectives(isConst: boolean): GqlDirective[] {
    const out: GqlDirective[] = [];
    while (this.peek().kind === '@') {
      this.next();
      const at = this.peek();
      const Name = this.parseName();
      const args = this.parseArguments(isConst);
      out.push(this.at({ Name, ...(args.length > 0 ? { Arguments: args } : {}), Location: '' }, at));
    }
    return out;
  }

  protected parseType(): GqlType {
    const at = this.peek();
    let type: GqlType;
    if (this.skip('[')) {
      const Elem = this.parseType();
      this.expect(']');
      type = { NamedType: '', Elem, NonNull: false };
    } else {
      type = { NamedType: this.parseName(), NonNull: false };
    }
    if (this.skip('!')) type.NonNull = true;
    return this.at(type, at);
  }

  /** Records where a node starts (for validation messages) and returns it. */
  protected at<T extends object>(node: T, tok: Token): T {
    positions.set(node, { line: tok.line, column: tok.column });
    return node;
  }
}

/** `{ key: list }` when the list is non-empty, else nothing: OPA drops empty lists. */
export function listField<K extends string, T>(key: K, list: T[]): { [P in K]?: T[] } {
  return (list.length > 0 ? { [key]: list } : {}) as { [P in K]?: T[] };
}
