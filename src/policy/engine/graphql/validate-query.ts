// Validates a query against a loaded schema with graphql-js's validation rules (which gqlparser
// ported, messages included) plus gqlparser's KnownRootType rule. Returns the first error.
import { GraphQLError, buildSchema, parse, specifiedRules, validate, type DocumentNode, type ValidationRule } from 'graphql';
import type { QueryDocument } from './ast.ts';
import { printLoadedSchema, printQuery } from './print.ts';
import type { LoadedSchema } from './schema-check.ts';

export interface QueryProblem {
  message: string;
  line: number;
  column: number;
}

/** gqlparser's KnownRootType: an operation needs its root type in the schema. */
const knownRootType: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`Schema does not support operation type "${node.operation}"`, { nodes: node }));
    }
  },
});

function toDocument(query: QueryDocument, text: string | undefined): DocumentNode {
  if (text !== undefined) {
    try {
      return parse(text, { allowLegacyFragmentVariables: true, noLocation: false });
    } catch {
      // gqlparser accepts a few documents graphql-js does not; validate the reprinted AST instead
    }
  }
  return parse(printQuery(query), { allowLegacyFragmentVariables: true });
}

/**
 * The first validation problem of `query` (given as text when it came as text, so positions
 * point into it) against `schema`, or undefined when the query is valid.
 */
export function validateQuery(schema: LoadedSchema, query: QueryDocument, text?: string): QueryProblem | undefined {
  if ((query.Operations ?? []).length === 0 && (query.Fragments ?? []).length === 0) return undefined;
  let doc: DocumentNode;
  try {
    doc = toDocument(query, text);
  } catch (e) {
    const err = e as GraphQLError;
    const at = err.locations?.[0];
    return { message: err.message.replace(/^Syntax Error: /, '').replace(/\.$/, ''), line: at?.line ?? 0, column: at?.column ?? 0 };
  }
  const gqlSchema = buildSchema(printLoadedSchema(schema), { assumeValid: true, assumeValidSDL: true });
  const errors = validate(gqlSchema, doc, [knownRootType, ...specifiedRules]);
  if (errors.length === 0) return undefined;
  const first = errors[0];
  const at = first.locations?.[0];
  return { message: first.message.replace(/\.$/, ''), line: at?.line ?? 0, column: at?.column ?? 0 };
}
