// Parses GraphQL SDL into gqlparser's SchemaDocument JSON shape: Schema, SchemaExtension,
// Directives, Definitions and Extensions lists. Only syntax is checked here; see schema-check.ts.
import { ParserBase, listField } from './parser-base.ts';
import type {
  GqlArgumentDefinition, GqlDefinition, GqlDirectiveDefinition, GqlEnumValue, GqlFieldDefinition,
  GqlOperationType, GqlSchemaDefinition, SchemaDocument,
} from './ast.ts';
import type { Token } from './lexer.ts';

const TYPE_KEYWORDS: Record<string, string> = {
  scalar: 'SCALAR', type: 'OBJECT', interface: 'INTERFACE', union: 'UNION', enum: 'ENUM', input: 'INPUT_OBJECT',
};

export const DIRECTIVE_LOCATIONS = new Set([
  'QUERY', 'MUTATION', 'SUBSCRIPTION', 'FIELD', 'FRAGMENT_DEFINITION', 'FRAGMENT_SPREAD', 'INLINE_FRAGMENT',
  'VARIABLE_DEFINITION', 'SCHEMA', 'SCALAR', 'OBJECT', 'FIELD_DEFINITION', 'ARGUMENT_DEFINITION', 'INTERFACE',
  'UNION', 'ENUM', 'ENUM_VALUE', 'INPUT_OBJECT', 'INPUT_FIELD_DEFINITION',
]);

class SchemaParser extends ParserBase {
  private readonly doc = {
    Schema: [] as GqlSchemaDefinition[],
    SchemaExtension: [] as GqlSchemaDefinition[],
    Directives: [] as GqlDirectiveDefinition[],
    Definitions: [] as GqlDefinition[],
    Extensions: [] as GqlDefinition[],
  };

  parseDocument(builtIn: boolean): SchemaDocument {
    while (this.peek().kind !== '<EOF>') {
      const description = this.parseDescription();
      const tok = this.peek();
      if (tok.kind !== 'Name') this.unexpected(tok);
      if (tok.value in TYPE_KEYWORDS) {
        this.doc.Definitions.push(this.parseTypeDefinition(description, false, builtIn));
      } else if (tok.value === 'schema') {
        this.doc.Schema.push(this.parseSchemaDefinition(description, false));
      } else if (tok.value === 'directive') {
        this.doc.Directives.push(this.parseDirectiveDefinition(description));
      } else if (tok.value === 'extend') {
        if (description !== '' && this.prev) this.unexpected(this.prev);
        this.parseExtension(builtIn);
      } else {
        this.unexpected(tok);
      }
    }
    const d = this.doc;
    return {
      ...listField('Schema', d.Schema),
      ...listField('SchemaExtension', d.SchemaExtension),
      ...listField('Directives', d.Directives),
      ...listField('Definitions', d.Definitions),
      ...listField('Extensions', d.Extensions),
    };
  }

  private parseDescription(): string {
    const kind = this.peek().kind;
    return kind === 'String' || kind === 'BlockString' ? this.next().value : '';
  }

  private parseExtension(builtIn: boolean): void {
    this.expectKeyword('extend');
    const tok = this.peek();
    if (tok.value === 'schema') this.doc.SchemaExtension.push(this.parseSchemaDefinition('', true));
    else if (tok.value in TYPE_KEYWORDS) this.doc.Extensions.push(this.parseTypeDefinition('', true, builtIn));
    else this.unexpected(tok);
  }

  private parseSchemaDefinition(description: string, extension: boolean): GqlSchemaDefinition {
    this.expectKeyword('schema');
    const at = this.peek();
    const directives = this.parseDirectives(true);
    const operationTypes = this.some('{', '}', () => this.parseOperationType());
    if (extension && directives.length === 0 && operationTypes.length === 0) this.unexpected();
    return this.at({ Description: description, ...listField('Directives', directives), ...listField('OperationTypes', operationTypes) }, at);
  }

  private parseOperationType(): GqlOperationType {
    const at = this.peek();
    const op = this.next();
    if (!['query', 'mutation', 'subscription'].includes(op.value)) this.unexpected(op);
    this.expect(':');
    return this.at({ Operation: op.value, Type: this.parseName() }, at);
  }

  private parseTypeDefinition(description: string, extension: boolean, builtIn: boolean): GqlDefinition {
    const keyword = this.next().value;
    const Kind = TYPE_KEYWORDS[keyword];
    const at = this.peek();
    const Name = this.parseName();
    const interfaces = keyword === 'type' || (keyword === 'interface' && !extension) ? this.parseImplements() : [];
    // gqlparser reads input-object extension directives as non-constant
    const directives = this.parseDirectives(!(extension && keyword === 'input'));
    let fields: GqlFieldDefinition[] = [];
    let types: string[] = [];
    let enumValues: GqlEnumValue[] = [];
    if (keyword === 'type' || keyword === 'interface') fields = this.some('{', '}', () => this.parseFieldDefinition());
    else if (keyword === 'input') fields = this.some('{', '}', () => this.parseInputValue());
    else if (keyword === 'union') types = this.parseUnionMembers();
    else if (keyword === 'enum') enumValues = this.some('{', '}', () => this.parseEnumValue());
    if (extension && interfaces.length + directives.length + fields.length + types.length + enumValues.length === 0) {
      this.unexpected();
    }
    return this.at({
      Kind,
      Description: description,
      Name,
      ...listField('Directives', directives),
      ...listField('Interfaces', interfaces),
      ...listField('Fields', fields),
      ...listField('Types', types),
      ...listField('EnumValues', enumValues),
      BuiltIn: builtIn,
    }, at);
  }

  private parseImplements(): string[] {
    if (this.peek().value !== 'implements') return [];
    this.next();
    this.skip('&');
    const names = [this.parseName()];
    while (this.skip('&')) names.push(this.parseName());
    return names;
  }

  private parseUnionMembers(): string[] {
    if (!this.skip('=')) return [];
    this.skip('|');
    const names = [this.parseName()];
    while (this.skip('|')) names.push(this.parseName());
    return names;
  }

  private parseFieldDefinition(): GqlFieldDefinition {
    const at = this.peek();
    const Description = this.parseDescription();
    const Name = this.parseName();
    const args = this.some('(', ')', () => this.parseInputValue());
    this.expect(':');
    const Type = this.parseType();
    const directives = this.parseDirectives(true);
    return this.at({ Description, Name, ...listField('Arguments', args), Type, ...listField('Directives', directives) }, at);
  }

  /** An argument definition or an input-object field: `name: Type = default @dirs`. */
  private parseInputValue(): GqlArgumentDefinition {
    const at = this.peek();
    const Description = this.parseDescription();
    const Name = this.parseName();
    this.expect(':');
    const Type = this.parseType();
    const DefaultValue = this.skip('=') ? this.parseValue(true) : undefined;
    const directives = this.parseDirectives(true);
    return this.at({ Description, Name, ...(DefaultValue ? { DefaultValue } : {}), Type, ...listField('Directives', directives) }, at);
  }

  private parseEnumValue(): GqlEnumValue {
    const at = this.peek();
    const Description = this.parseDescription();
    const Name = this.parseName();
    return this.at({ Description, Name, ...listField('Directives', this.parseDirectives(true)) }, at);
  }

  private parseDirectiveDefinition(description: string): GqlDirectiveDefinition {
    this.expectKeyword('directive');
    this.expect('@');
    const at = this.peek();
    const Name = this.parseName();
    const args = this.some('(', ')', () => this.parseInputValue());
    let IsRepeatable = false;
    if (this.peek().kind === 'Name' && this.peek().value === 'repeatable') {
      IsRepeatable = true;
      this.next();
    }
    this.expectKeyword('on');
    this.skip('|');
    const Locations = [this.parseLocation()];
    while (this.skip('|')) Locations.push(this.parseLocation());
    return this.at({ Description: description, Name, ...listField('Arguments', args), IsRepeatable, Locations }, at);
  }

  private parseLocation(): string {
    const tok: Token = this.expect('Name');
    if (!DIRECTIVE_LOCATIONS.has(tok.value)) this.unexpected(tok);
    return tok.value;
  }
}

/** Parses SDL text; throws GraphQLSyntaxError with gqlparser's message and position. */
export function parseSchemaDocument(text: string, builtIn = false): SchemaDocument {
  return new SchemaParser(text).parseDocument(builtIn);
}
