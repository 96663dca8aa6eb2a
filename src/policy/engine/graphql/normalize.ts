// Reads a GraphQL AST object a policy passed in (graphql.parse_query / parse_schema output, or
// hand-written) into the canonical shape: missing strings/booleans get their Go zero values, as
// decoding into gqlparser's structs would give, unknown keys are dropped and a field of the wrong
// type is an error naming its path.
import type {
  GqlArgument, GqlArgumentDefinition, GqlDefinition, GqlDirective, GqlDirectiveDefinition, GqlEnumValue, GqlFieldDefinition,
  GqlFragment, GqlOperation, GqlSchemaDefinition, GqlSelection, GqlType, GqlValue, GqlVariableDefinition, QueryDocument, SchemaDocument,
} from './ast.ts';
import { typeName } from '../builtin-args.ts';

export class AstShapeError extends Error {}

const DEFINITION_KINDS = ['SCALAR', 'OBJECT', 'INTERFACE', 'UNION', 'ENUM', 'INPUT_OBJECT'];
const OPERATIONS = ['query', 'mutation', 'subscription'];

function operation(o: Record<string, unknown>, path: string): string {
  const op = text(o, 'Operation', path) || 'query';
  if (!OPERATIONS.includes(op)) throw new AstShapeError(`${path}.Operation must be one of ${OPERATIONS.join(', ')} but got ${JSON.stringify(op)}`);
  return op;
}

type Obj = Record<string, unknown>;

function object(v: unknown, path: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new AstShapeError(`${path} must be an object but got ${typeName(v)}`);
  return v as Obj;
}

function text(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new AstShapeError(`${path}.${key} must be a string but got ${typeName(v)}`);
  return v;
}

function flag(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new AstShapeError(`${path}.${key} must be a boolean but got ${typeName(v)}`);
  return v;
}

function list<T>(o: Obj, key: string, path: string, item: (v: unknown, path: string) => T): T[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new AstShapeError(`${path}.${key} must be an array but got ${typeName(v)}`);
  return v.map((x, i) => item(x, `${path}.${key}[${i}]`));
}

const names = (v: unknown, path: string): string => {
  if (typeof v !== 'string') throw new AstShapeError(`${path} must be a string but got ${typeName(v)}`);
  return v;
};

/** Adds `key: list` only when the list is non-empty (OPA prunes empty lists). */
function withList<T extends object>(node: T, key: string, items: unknown[]): T {
  if (items.length > 0) (node as Obj)[key] = items;
  return node;
}

function type(v: unknown, path: string): GqlType {
  const o = object(v, path);
  const out: GqlType = { NamedType: text(o, 'NamedType', path), NonNull: flag(o, 'NonNull', path) };
  if (o.Elem !== undefined && o.Elem !== null) out.Elem = type(o.Elem, `${path}.Elem`);
  if (out.NamedType === '' && !out.Elem) throw new AstShapeError(`${path} must have a NamedType or an Elem`);
  return out;
}

function value(v: unknown, path: string): GqlValue {
  const o = object(v, path);
  const kind = o.Kind ?? 0;
  if (typeof kind !== 'number' || !Number.isInteger(kind) || kind < 0 || kind > 9) {
    throw new AstShapeError(`${path}.Kind must be a value kind number 0-9 but got ${JSON.stringify(kind)}`);
  }
  const children = list(o, 'Children', path, (c, p) => {
    const co = object(c, p);
    return { Name: text(co, 'Name', p), Value: value(co.Value, `${p}.Value`) };
  });
  return withList({ Raw: text(o, 'Raw', path), Kind: kind, ExpectedTypeHasDefault: flag(o, 'ExpectedTypeHasDefault', path) }, 'Children', children);
}

const optionalValue = (o: Obj, key: string, path: string): { DefaultValue?: GqlValue } =>
  o[key] === undefined || o[key] === null ? {} : { DefaultValue: value(o[key], `${path}.${key}`) };

function argument(v: unknown, path: string): GqlArgument {
  const o = object(v, path);
  return { Name: text(o, 'Name', path), Value: value(o.Value, `${path}.Value`) };
}

function directive(v: unknown, path: string): GqlDirective {
  const o = object(v, path);
  return withList({ Name: text(o, 'Name', path), Location: text(o, 'Location', path) }, 'Arguments', list(o, 'Arguments', path, argument));
}

function variable(v: unknown, path: string): GqlVariableDefinition {
  const o = object(v, path);
  const out: GqlVariableDefinition = { Variable: text(o, 'Variable', path), Type: type(o.Type, `${path}.Type`), ...optionalValue(o, 'DefaultValue', path), Used: flag(o, 'Used', path) };
  return withList(out, 'Directives', list(o, 'Directives', path, directive));
}

/** Fields carry Alias, inline fragments TypeCondition; a bare Name is a fragment spread. */
function selection(v: unknown, path: string): GqlSelection {
  const o = object(v, path);
  const directives = list(o, 'Directives', path, directive);
  const selections = list(o, 'SelectionSet', path, selection);
  if (o.TypeCondition !== undefined && o.Alias === undefined) {
    return withList(withList({ TypeCondition: text(o, 'TypeCondition', path) }, 'Directives', directives), 'SelectionSet', selections);
  }
  const args = list(o, 'Arguments', path, argument);
  if (o.Alias === undefined && args.length === 0 && selections.length === 0) {
    return withList({ Name: text(o, 'Name', path) }, 'Directives', directives);
  }
  const field: GqlSelection = { Alias: text(o, 'Alias', path), Name: text(o, 'Name', path) };
  return withList(withList(withList(field, 'Arguments', args), 'Directives', directives), 'SelectionSet', selections);
}

export function normalizeQuery(v: unknown, path: string): QueryDocument {
  const o = object(v, path);
  const operations = list(o, 'Operations', path, (x, p): GqlOperation => {
    const op = object(x, p);
    const out: GqlOperation = { Operation: operation(op, p), Name: text(op, 'Name', p) };
    withList(out, 'VariableDefinitions', list(op, 'VariableDefinitions', p, variable));
    withList(out, 'Directives', list(op, 'Directives', p, directive));
    return withList(out, 'SelectionSet', list(op, 'SelectionSet', p, selection));
  });
  const fragments = list(o, 'Fragments', path, (x, p): GqlFragment => {
    const f = object(x, p);
    const out = withList({ Name: text(f, 'Name', p) } as GqlFragment, 'VariableDefinition', list(f, 'VariableDefinition', p, variable));
    out.TypeCondition = text(f, 'TypeCondition', p);
    withList(out, 'Directives', list(f, 'Directives', p, directive));
    return withList(out, 'SelectionSet', list(f, 'SelectionSet', p, selection));
  });
  return withList(withList({}, 'Operations', operations), 'Fragments', fragments);
}

function argumentDefinition(v: unknown, path: string): GqlArgumentDefinition {
  const o = object(v, path);
  const out: GqlArgumentDefinition = { Description: text(o, 'Description', path), Name: text(o, 'Name', path), ...optionalValue(o, 'DefaultValue', path), Type: type(o.Type, `${path}.Type`) };
  return withList(out, 'Directives', list(o, 'Directives', path, directive));
}

function fieldDefinition(v: unknown, path: string): GqlFieldDefinition {
  const o = object(v, path);
  const out = withList({ Description: text(o, 'Description', path), Name: text(o, 'Name', path) } as GqlFieldDefinition, 'Arguments', list(o, 'Arguments', path, argumentDefinition));
  Object.assign(out, optionalValue(o, 'DefaultValue', path), { Type: type(o.Type, `${path}.Type`) });
  return withList(out, 'Directives', list(o, 'Directives', path, directive));
}

function enumValue(v: unknown, path: string): GqlEnumValue {
  const o = object(v, path);
  return withList({ Description: text(o, 'Description', path), Name: text(o, 'Name', path) }, 'Directives', list(o, 'Directives', path, directive));
}

function definition(v: unknown, path: string): GqlDefinition {
  const o = object(v, path);
  const kind = text(o, 'Kind', path);
  if (!DEFINITION_KINDS.includes(kind)) throw new AstShapeError(`${path}.Kind must be one of ${DEFINITION_KINDS.join(', ')} but got ${JSON.stringify(o.Kind)}`);
  const out = withList({ Kind: kind, Description: text(o, 'Description', path), Name: text(o, 'Name', path) } as GqlDefinition, 'Directives', list(o, 'Directives', path, directive));
  withList(out, 'Interfaces', list(o, 'Interfaces', path, names));
  withList(out, 'Fields', list(o, 'Fields', path, fieldDefinition));
  withList(out, 'Types', list(o, 'Types', path, names));
  withList(out, 'EnumValues', list(o, 'EnumValues', path, enumValue));
  out.BuiltIn = flag(o, 'BuiltIn', path);
  return out;
}

function schemaDefinition(v: unknown, path: string): GqlSchemaDefinition {
  const o = object(v, path);
  const out = withList({ Description: text(o, 'Description', path) } as GqlSchemaDefinition, 'Directives', list(o, 'Directives', path, directive));
  return withList(out, 'OperationTypes', list(o, 'OperationTypes', path, (x, p) => {
    const ot = object(x, p);
    return { Operation: operation(ot, p), Type: text(ot, 'Type', p) };
  }));
}

function directiveDefinition(v: unknown, path: string): GqlDirectiveDefinition {
  const o = object(v, path);
  const out = withList({ Description: text(o, 'Description', path), Name: text(o, 'Name', path) } as GqlDirectiveDefinition, 'Arguments', list(o, 'Arguments', path, argumentDefinition));
  out.IsRepeatable = flag(o, 'IsRepeatable', path);
  out.Locations = list(o, 'Locations', path, names);
  return out;
}

export function normalizeSchema(v: unknown, path: string): SchemaDocument {
  const o = object(v, path);
  const out: SchemaDocument = {};
  withList(out, 'Schema', list(o, 'Schema', path, schemaDefinition));
  withList(out, 'SchemaExtension', list(o, 'SchemaExtension', path, schemaDefinition));
  withList(out, 'Directives', list(o, 'Directives', path, directiveDefinition));
  withList(out, 'Definitions', list(o, 'Definitions', path, definition));
  return withList(out, 'Extensions', list(o, 'Extensions', path, definition));
}
