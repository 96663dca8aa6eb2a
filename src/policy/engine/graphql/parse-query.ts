// Parses an executable GraphQL document (operations and fragments) into gqlparser's JSON shape.
// Following gqlparser, an empty document is valid and fragments may declare variables.
import { ParserBase, listField } from './parser-base.ts';
import type { GqlFragment, GqlOperation, GqlSelection, GqlVariableDefinition, QueryDocument } from './ast.ts';

const OPERATION_TYPES = new Set(['query', 'mutation', 'subscription']);

class QueryParser extends ParserBase {
  parseDocument(): QueryDocument {
    const operations: GqlOperation[] = [];
    const fragments: GqlFragment[] = [];
    for (let tok = this.peek(); tok.kind !== '<EOF>'; tok = this.peek()) {
      if (tok.kind === '{' || (tok.kind === 'Name' && OPERATION_TYPES.has(tok.value))) {
        operations.push(this.parseOperation());
      } else if (tok.kind === 'Name' && tok.value === 'fragment') {
        fragments.push(this.parseFragmentDefinition());
      } else {
        this.unexpected(tok);
      }
    }
    return { ...listField('Operations', operations), ...listField('Fragments', fragments) };
  }

  private parseOperation(): GqlOperation {
    const at = this.peek();
    if (at.kind === '{') return this.at({ Operation: 'query', Name: '', ...listField('SelectionSet', this.parseRequiredSelectionSet()) }, at);
    const typeTok = this.next();
    if (!OPERATION_TYPES.has(typeTok.value)) this.unexpected(typeTok);
    const Name = this.peek().kind === 'Name' ? this.next().value : '';
    const variables = this.parseVariableDefinitions();
    const directives = this.parseDirectives(false);
    const selections = this.parseRequiredSelectionSet();
    return this.at({
      Operation: typeTok.value,
      Name,
      ...listField('VariableDefinitions', variables),
      ...listField('Directives', directives),
      ...listField('SelectionSet', selections),
    }, at);
  }

  private parseVariableDefinitions(): GqlVariableDefinition[] {
    return this.many('(', ')', () => {
      const at = this.peek();
      const Variable = this.parseVariable();
      this.expect(':');
      const Type = this.parseType();
      const DefaultValue = this.skip('=') ? this.parseValue(true) : undefined;
      const directives = this.parseDirectives(false);
      return this.at({
        Variable,
        Type,
        ...(DefaultValue ? { DefaultValue } : {}),
        ...listField('Directives', directives),
        Used: false,
      }, at);
    });
  }

  private parseRequiredSelectionSet(): GqlSelection[] {
    const tok = this.peek();
    if (tok.kind !== '{') this.fail(tok, `Expected {, found ${tok.kind}`);
    return this.some('{', '}', () => this.parseSelection());
  }

  private parseSelection(): GqlSelection {
    return this.peek().kind === '...' ? this.parseFragmentSelection() : this.parseField();
  }

  private parseField(): GqlSelection {
    const at = this.peek();
    const Alias = this.parseName();
    const Name = this.skip(':') ? this.parseName() : Alias;
    const args = this.parseArguments(false);
    const directives = this.parseDirectives(false);
    const selections = this.peek().kind === '{' ? this.some('{', '}', () => this.parseSelection()) : [];
    return this.at({
      Alias,
      Name,
      ...listField('Arguments', args),
      ...listField('Directives', directives),
      ...listField('SelectionSet', selections),
    }, at);
  }

  private parseFragmentSelection(): GqlSelection {
    this.expect('...');
    const at = this.peek();
    if (at.kind === 'Name' && at.value !== 'on') {
      const Name = this.parseFragmentName();
      return this.at({ Name, ...listField('Directives', this.parseDirectives(false)) }, at);
    }
    let TypeCondition = '';
    if (at.kind === 'Name' && at.value === 'on') {
      this.next();
      TypeCondition = this.parseName();
    }
    const directives = this.parseDirectives(false);
    const selections = this.parseRequiredSelectionSet();
    return this.at({ TypeCondition, ...listField('Directives', directives), ...listField('SelectionSet', selections) }, at);
  }

  private parseFragmentDefinition(): GqlFragment {
    const at = this.peek();
    this.expectKeyword('fragment');
    const Name = this.parseFragmentName();
    const variables = this.parseVariableDefinitions();
    this.expectKeyword('on');
    const TypeCondition = this.parseName();
    const directives = this.parseDirectives(false);
    const selections = this.parseRequiredSelectionSet();
    return this.at({
      Name,
      ...listField('VariableDefinition', variables),
      TypeCondition,
      ...listField('Directives', directives),
      ...listField('SelectionSet', selections),
    }, at);
  }

  private parseFragmentName(): string {
    const tok = this.peek();
    if (tok.value === 'on') this.unexpected(tok);
    return this.parseName();
  }
}

/** Parses query text; throws GraphQLSyntaxError with gqlparser's message and position. */
export function parseQueryDocument(text: string): QueryDocument {
  return new QueryParser(text).parseDocument();
}
