// OPA's graphql.* builtins. Queries and schemas come as GraphQL text or as the AST objects
// graphql.parse_query / graphql.parse_schema return; results follow gqlparser's JSON shape.
import { HostBuiltinError, HostTypeError, str, typeName, type HostBuiltin } from '../builtin-args.ts';
import type { QueryDocument, SchemaDocument } from './ast.ts';
import { GraphQLSyntaxError } from './parser-base.ts';
import { parseQueryDocument } from './parse-query.ts';
import { parseSchemaDocument } from './parse-schema.ts';
import { AstShapeError, normalizeQuery, normalizeSchema } from './normalize.ts';
import { SchemaError, loadSchema } from './schema-check.ts';
import { validateQuery } from './validate-query.ts';

interface Parsed<T> {
  doc: T;
  /** The GraphQL text, when the operand was text (validation positions then point into it). */
  text?: string;
}

function syntaxFailure(name: string, e: unknown): never {
  if (e instanceof GraphQLSyntaxError) {
    throw new HostBuiltinError(`${name}: ${e.message} in GraphQL string at location ${e.line}:${e.column}`);
  }
  throw e;
}

function operand<T>(name: string, v: unknown, pos: number, parseText: (text: string) => T, normalize: (v: unknown, path: string) => T): Parsed<T> {
  if (typeof v === 'string') {
    try {
      return { doc: parseText(v), text: v };
    } catch (e) {
      syntaxFailure(name, e);
    }
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    try {
      return { doc: normalize(v, `operand ${pos}`) };
    } catch (e) {
      if (e instanceof AstShapeError) throw new HostBuiltinError(`${name}: invalid GraphQL AST: ${e.message}`);
      throw e;
    }
  }
  throw new HostTypeError(`${name}: operand ${pos} must be one of {string, object} but got ${typeName(v)}`);
}

const queryOperand = (name: string, v: unknown): Parsed<QueryDocument> => operand(name, v, 1, parseQueryDocument, normalizeQuery);

const schemaOperand = (name: string, v: unknown, pos: number): Parsed<SchemaDocument> =>
  operand(name, v, pos, (text) => parseSchemaDocument(text), normalizeSchema);

/** A schema graphql-js cannot build for validation is reported, never a crash. */
function guarded<T>(name: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof HostBuiltinError) throw e;
    throw new HostBuiltinError(`${name}: cannot validate against this schema: ${(e as Error).message}`);
  }
}

/** Parses both operands, loads the schema and validates the query; throws on the first problem. */
function parseAndValidate(name: string, queryArg: unknown, schemaArg: unknown): [QueryDocument, SchemaDocument] {
  const query = queryOperand(name, queryArg);
  const schema = schemaOperand(name, schemaArg, 2);
  return guarded(name, () => {
    let loaded;
    try {
      loaded = loadSchema(schema.doc);
    } catch (e) {
      if (!(e instanceof SchemaError)) throw e;
      const at = e.line > 0 ? `:${e.line}:${e.column}` : '';
      throw new HostBuiltinError(`${name}: Error in gqlparser SchemaDocument to Schema conversion: input${at}: ${e.message}`);
    }
    const problem = validateQuery(loaded, query.doc, query.text);
    if (problem) throw new HostBuiltinError(`${name}: ${problem.message} in GraphQL string at location ${problem.line}:${problem.column}`);
    return [query.doc, schema.doc];
  });
}

/** True when `run` finishes without a builtin error: the is_valid flavour of a builtin. */
function succeeds(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (e) {
    if (e instanceof HostBuiltinError) return false;
    throw e;
  }
}

export const graphqlBuiltins: Record<string, HostBuiltin> = {
  'graphql.parse_query': (q) => {
    try {
      return parseQueryDocument(str(q, 'graphql.parse_query', 1));
    } catch (e) {
      syntaxFailure('graphql.parse_query', e);
    }
  },
  'graphql.parse_schema': (s) => {
    try {
      return parseSchemaDocument(str(s, 'graphql.parse_schema', 1));
    } catch (e) {
      syntaxFailure('graphql.parse_schema', e);
    }
  },
  'graphql.parse': (q, s) => parseAndValidate('graphql.parse', q, s),
  'graphql.parse_and_verify': (q, s) => {
    try {
      return [true, ...parseAndValidate('graphql.parse_and_verify', q, s)];
    } catch (e) {
      if (e instanceof HostBuiltinError) return [false, {}, {}];
      throw e;
    }
  },
  'graphql.is_valid': (q, s) => succeeds(() => parseAndValidate('graphql.is_valid', q, s)),
  'graphql.schema_is_valid': (s) =>
    succeeds(() => {
      const schema = schemaOperand('graphql.schema_is_valid', s, 1);
      guarded('graphql.schema_is_valid', () => {
        try {
          loadSchema(schema.doc);
        } catch (e) {
          if (e instanceof SchemaError) throw new HostBuiltinError(e.message);
          throw e;
        }
      });
    }),
};
