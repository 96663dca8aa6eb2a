// Loads a SchemaDocument the way gqlparser's ValidateSchemaDocument does: merges the built-in
// prelude, applies extensions (an extension of a missing type defines it), resolves the root
// operation types and checks the type system rules, failing with gqlparser's messages.
import { positions, type GqlArgumentDefinition, type GqlDefinition, type GqlDirective, type GqlDirectiveDefinition, type GqlType, type SchemaDocument } from './ast.ts';
import { parseSchemaDocument } from './parse-schema.ts';

export class SchemaError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(message: string, node: object | undefined) {
    super(message);
    const at = node ? positions.get(node) : undefined;
    this.line = at?.line ?? 0;
    this.column = at?.column ?? 0;
  }
}

/** A loaded schema: every type (extensions applied), directives and root operation types. */
export interface LoadedSchema {
  types: Map<string, GqlDefinition>;
  directives: Map<string, GqlDirectiveDefinition>;
  roots: { query?: string; mutation?: string; subscription?: string };
  /** True when the document had a `schema { ... }` block (roots are then not inferred by name). */
  explicitRoots: boolean;
}

// The spec's implicit types and directives, as gqlparser's prelude declares them.
const PRELUDE = `
scalar Int
scalar Float
scalar String
scalar Boolean
scalar ID
directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
directive @specifiedBy(url: String!) on SCALAR
type __Schema { description: String types: [__Type!]! queryType: __Type! mutationType: __Type subscriptionType: __Type directives: [__Directive!]! }
type __Type {
  kind: __TypeKind! name: String description: String fields(includeDeprecated: Boolean = false): [__Field!]
  interfaces: [__Type!] possibleTypes: [__Type!] enumValues(includeDeprecated: Boolean = false): [__EnumValue!]
  inputFields: [__InputValue!] ofType: __Type specifiedBy: String
}
type __Field { name: String! description: String args: [__InputValue!]! type: __Type! isDeprecated: Boolean! deprecationReason: String }
type __InputValue { name: String! description: String type: __Type! defaultValue: String }
type __EnumValue { name: String! description: String isDeprecated: Boolean! deprecationReason: String }
enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
type __Directive { name: String! description: String locations: [__DirectiveLocation!]! args: [__InputValue!]! isRepeatable: Boolean! }
enum __DirectiveLocation {
  QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT VARIABLE_DEFINITION SCHEMA SCALAR
  OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE UNION ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION
}
`;

const BUILTIN_DIRECTIVES = new Set(['include', 'skip', 'deprecated', 'specifiedBy']);
let prelude: SchemaDocument | undefined;

const namedType = (t: GqlType): string => (t.Elem ? namedType(t.Elem) : t.NamedType);
const typeString = (t: GqlType): string => (t.Elem ? `[${typeString(t.Elem)}]` : t.NamedType) + (t.NonNull ? '!' : '');

/** A copy of a definition whose lists can grow without touching the caller's AST. */
function copyDefinition(def: GqlDefinition): GqlDefinition {
  const copy: GqlDefinition = {
    ...def,
    Directives: [...(def.Directives ?? [])],
    Interfaces: [...(def.Interfaces ?? [])],
    Fields: [...(def.Fields ?? [])],
    Types: [...(def.Types ?? [])],
    EnumValues: [...(def.EnumValues ?? [])],
  };
  const at = positions.get(def);
  if (at) positions.set(copy, at);
  return copy;
}

export function loadSchema(doc: SchemaDocument): LoadedSchema {
  prelude ??= parseSchemaDocument(PRELUDE, true);
  const types = new Map<string, GqlDefinition>();
  const directives = new Map<string, GqlDirectiveDefinition>();
  const definitions = [...(prelude.Definitions ?? []), ...(doc.Definitions ?? [])];
  for (const def of definitions) {
    if (types.has(def.Name)) throw new SchemaError(`Cannot redeclare type ${def.Name}.`, def);
    types.set(def.Name, copyDefinition(def));
  }
  for (const ext of doc.Extensions ?? []) {
    let def = types.get(ext.Name);
    if (!def) {
      def = copyDefinition({ Kind: ext.Kind, Description: '', Name: ext.Name, BuiltIn: false });
      const at = positions.get(ext);
      if (at) positions.set(def, at);
      types.set(ext.Name, def);
    }
    if (def.Kind !== ext.Kind) {
      throw new SchemaError(`Cannot extend type ${ext.Name} because the base type is a ${def.Kind}, not ${ext.Kind}.`, ext);
    }
    def.Directives!.push(...(ext.Directives ?? []));
    def.Interfaces!.push(...(ext.Interfaces ?? []));
    def.Fields!.push(...(ext.Fields ?? []));
    def.Types!.push(...(ext.Types ?? []));
    def.EnumValues!.push(...(ext.EnumValues ?? []));
  }
  for (const dir of [...(prelude.Directives ?? []), ...(doc.Directives ?? [])]) {
    if (directives.has(dir.Name)) {
      if (BUILTIN_DIRECTIVES.has(dir.Name)) continue;
      throw new SchemaError(`Cannot redeclare directive ${dir.Name}.`, dir);
    }
    directives.set(dir.Name, dir);
  }
  const schemas = doc.Schema ?? [];
  if (schemas.length > 1) throw new SchemaError('Cannot have multiple schema entry points, consider schema extensions instead.', schemas[1]);
  const schema: LoadedSchema = { types, directives, roots: {}, explicitRoots: schemas.length === 1 };
  for (const block of [...schemas, ...(doc.SchemaExtension ?? [])]) {
    for (const entry of block.OperationTypes ?? []) {
      if (!types.has(entry.Type)) {
        throw new SchemaError(`Schema root ${entry.Operation} refers to a type ${entry.Type} that does not exist.`, entry);
      }
      schema.roots[entry.Operation as keyof LoadedSchema['roots']] = entry.Type;
    }
  }
  for (const name of [...types.keys()].sort()) checkDefinition(schema, types.get(name)!);
  for (const name of [...directives.keys()].sort()) {
    const dir = directives.get(name)!;
    checkName(dir.Name, dir);
    checkArguments(schema, dir.Arguments ?? [], dir);
  }
  if (!schema.explicitRoots) {
    for (const [op, typeName] of [['query', 'Query'], ['mutation', 'Mutation'], ['subscription', 'Subscription']] as const) {
      if (!schema.roots[op] && types.has(typeName)) schema.roots[op] = typeName;
    }
  }
  return schema;
}

function checkName(name: string, node: object): void {
  if (name.startsWith('__')) {
    throw new SchemaError(`Name "${name}" must not begin with "__", which is reserved by GraphQL introspection.`, node);
  }
}

function checkTypeRef(schema: LoadedSchema, type: GqlType): GqlDefinition {
  const def = schema.types.get(namedType(type));
  if (!def) throw new SchemaError(`Undefined type ${namedType(type)}.`, type);
  return def;
}

function checkArguments(schema: LoadedSchema, args: GqlArgumentDefinition[], current?: GqlDirectiveDefinition): void {
  for (const arg of args) {
    checkName(arg.Name, arg);
    const def = checkTypeRef(schema, arg.Type);
    if (!['SCALAR', 'ENUM', 'INPUT_OBJECT'].includes(def.Kind)) {
      throw new SchemaError(`cannot use ${typeString(arg.Type)} as argument ${arg.Name} because ${def.Kind} is not a valid input type`, arg);
    }
    checkDirectives(schema, arg.Directives ?? [], 'ARGUMENT_DEFINITION', current);
  }
}

function checkDirectives(schema: LoadedSchema, dirs: GqlDirective[], location: string, current?: GqlDirectiveDefinition): void {
  for (const dir of dirs) {
    checkName(dir.Name, dir);
    if (current && dir.Name === current.Name) throw new SchemaError(`Directive ${current.Name} cannot refer to itself.`, dir);
    const def = schema.directives.get(dir.Name);
    if (!def) throw new SchemaError(`Undefined directive ${dir.Name}.`, dir);
    if (!def.Locations.includes(location)) throw new SchemaError(`Directive ${dir.Name} is not applicable on ${location}.`, dir);
  }
}

function checkDefinition(schema: LoadedSchema, def: GqlDefinition): void {
  const fields = def.Fields ?? [];
  for (const field of fields) {
    checkName(field.Name, field);
    checkTypeRef(schema, field.Type);
    checkArguments(schema, field.Arguments ?? []);
    checkDirectives(schema, field.Directives ?? [], def.Kind === 'INPUT_OBJECT' ? 'INPUT_FIELD_DEFINITION' : 'FIELD_DEFINITION');
  }
  for (const member of def.Types ?? []) {
    const memberDef = schema.types.get(member);
    if (!memberDef) throw new SchemaError(`Undefined type ${JSON.stringify(member)}.`, def);
    if (memberDef.Kind !== 'OBJECT') throw new SchemaError(`${def.Kind} type ${JSON.stringify(member)} must be OBJECT.`, def);
  }
  for (const intf of def.Interfaces ?? []) checkImplements(schema, def, intf);
  const fieldKind = (name: string): string | undefined => schema.types.get(name)?.Kind;
  switch (def.Kind) {
    case 'OBJECT':
    case 'INTERFACE':
      if (fields.length === 0) throw new SchemaError(`${def.Kind} ${def.Name}: must define one or more fields.`, def);
      for (const field of fields) {
        const kind = fieldKind(namedType(field.Type));
        if (kind === 'INPUT_OBJECT') {
          throw new SchemaError(`${def.Kind} ${def.Name}: field must be one of SCALAR, OBJECT, INTERFACE, UNION, ENUM.`, field);
        }
      }
      break;
    case 'ENUM':
      if ((def.EnumValues ?? []).length === 0) throw new SchemaError(`${def.Kind} ${def.Name}: must define one or more unique enum values.`, def);
      for (const value of def.EnumValues ?? []) {
        if (['true', 'false', 'null'].includes(value.Name)) throw new SchemaError(`${def.Kind} ${def.Name}: non-enum value ${value.Name}.`, def);
      }
      break;
    case 'INPUT_OBJECT':
      if (fields.length === 0) throw new SchemaError(`${def.Kind} ${def.Name}: must define one or more input fields.`, def);
      for (const field of fields) {
        const kind = fieldKind(namedType(field.Type));
        if (kind && !['SCALAR', 'ENUM', 'INPUT_OBJECT'].includes(kind)) {
          throw new SchemaError(`${kind} ${field.Name}: field must be one of SCALAR, ENUM, INPUT_OBJECT.`, field);
        }
      }
      break;
  }
  fields.forEach((field, i) => {
    if (fields.slice(i + 1).some((other) => other.Name === field.Name)) {
      const dup = fields.slice(i + 1).find((other) => other.Name === field.Name)!;
      throw new SchemaError(`Field ${def.Name}.${field.Name} can only be defined once.`, dup);
    }
  });
  if (!def.BuiltIn) checkName(def.Name, def);
  checkDirectives(schema, def.Directives ?? [], def.Kind);
}

function possibleTypes(schema: LoadedSchema, name: string): string[] {
  const out: string[] = [];
  for (const def of schema.types.values()) {
    if (def.Kind === 'UNION' && def.Name === name) out.push(...(def.Types ?? []));
    if (def.Kind !== 'UNION' && (def.Interfaces ?? []).includes(name)) out.push(def.Name);
    if ((def.Kind === 'OBJECT' || def.Kind === 'INPUT_OBJECT') && def.Name === name) out.push(def.Name);
  }
  return out;
}

function isCovariant(schema: LoadedSchema, required: GqlType, actual: GqlType): boolean {
  if (required.NonNull && !actual.NonNull) return false;
  if (required.NamedType !== '') {
    return required.NamedType === actual.NamedType || possibleTypes(schema, required.NamedType).includes(actual.NamedType);
  }
  if (required.Elem && !actual.Elem) return false;
  return required.Elem !== undefined && actual.Elem !== undefined && isCovariant(schema, required.Elem, actual.Elem);
}

const sameType = (a: GqlType, b: GqlType): boolean => typeString(a) === typeString(b);

function checkImplements(schema: LoadedSchema, def: GqlDefinition, intfName: string): void {
  const intf = schema.types.get(intfName);
  if (!intf) throw new SchemaError(`Undefined type ${JSON.stringify(intfName)}.`, def);
  if (intf.Kind !== 'INTERFACE') throw new SchemaError(`${JSON.stringify(intfName)} is a non interface type ${intf.Kind}.`, def);
  const prefix = `For ${def.Name} to implement ${intf.Name}`;
  for (const required of intf.Fields ?? []) {
    const found = (def.Fields ?? []).find((f) => f.Name === required.Name);
    if (!found) throw new SchemaError(`${prefix} it must have a field called ${required.Name}.`, def);
    if (!isCovariant(schema, required.Type, found.Type)) {
      throw new SchemaError(`${prefix} the field ${required.Name} must have type ${typeString(required.Type)}.`, found);
    }
    for (const reqArg of required.Arguments ?? []) {
      const arg = (found.Arguments ?? []).find((a) => a.Name === reqArg.Name);
      if (!arg) throw new SchemaError(`${prefix} the field ${required.Name} must have the same arguments but it is missing ${reqArg.Name}.`, found);
      if (!sameType(reqArg.Type, arg.Type)) {
        throw new SchemaError(`${prefix} the field ${required.Name} must have the same arguments but ${reqArg.Name} has the wrong type.`, arg);
      }
    }
    for (const arg of found.Arguments ?? []) {
      if (!(required.Arguments ?? []).some((a) => a.Name === arg.Name) && arg.Type.NonNull && !arg.DefaultValue) {
        throw new SchemaError(`${prefix} any additional arguments on ${found.Name} must be optional or have a default value but ${arg.Name} is required.`, arg);
      }
    }
  }
  for (const transitive of intf.Interfaces ?? []) {
    if ((def.Interfaces ?? []).includes(transitive)) continue;
    if (transitive === def.Name) throw new SchemaError(`Type ${def.Name} cannot implement ${intfName} because it would create a circular reference.`, def);
    throw new SchemaError(`Type ${def.Name} must implement ${transitive} because it is implemented by ${intfName}.`, def);
  }
}
