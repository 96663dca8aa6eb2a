// The GraphQL document shapes OPA returns: gqlparser's Go AST as JSON, with Go field names,
// positions dropped and null/empty fields left out (OPA prunes those). Objects a policy passes
// back in (an AST from graphql.parse_query, or hand-written) use the same shape.

/** gqlparser's ValueKind numbers. */
export const ValueKind = {
  Variable: 0, Int: 1, Float: 2, String: 3, Block: 4, Boolean: 5, Null: 6, Enum: 7, List: 8, Object: 9,
} as const;

export interface GqlType {
  NamedType: string;
  Elem?: GqlType;
  NonNull: boolean;
}

export interface GqlValue {
  Raw: string;
  Kind: number;
  Children?: GqlChildValue[];
  ExpectedTypeHasDefault: boolean;
}

export interface GqlChildValue {
  Name: string;
  Value: GqlValue;
}

export interface GqlArgument {
  Name: string;
  Value: GqlValue;
}

export interface GqlDirective {
  Name: string;
  Arguments?: GqlArgument[];
  Location: string;
}

export interface GqlVariableDefinition {
  Variable: string;
  Type: GqlType;
  DefaultValue?: GqlValue;
  Directives?: GqlDirective[];
  Used: boolean;
}

/** A field has Alias; a fragment spread has only Name (+Directives); an inline fragment has TypeCondition. */
export interface GqlSelection {
  Alias?: string;
  Name?: string;
  Arguments?: GqlArgument[];
  Directives?: GqlDirective[];
  SelectionSet?: GqlSelection[];
  TypeCondition?: string;
}

export interface GqlOperation {
  Operation: string;
  Name: string;
  VariableDefinitions?: GqlVariableDefinition[];
  Directives?: GqlDirective[];
  SelectionSet?: GqlSelection[];
}

export interface GqlFragment {
  Name: string;
  VariableDefinition?: GqlVariableDefinition[];
  TypeCondition: string;
  Directives?: GqlDirective[];
  SelectionSet?: GqlSelection[];
}

export interface QueryDocument {
  Operations?: GqlOperation[];
  Fragments?: GqlFragment[];
}

export interface GqlArgumentDefinition {
  Description: string;
  Name: string;
  DefaultValue?: GqlValue;
  Type: GqlType;
  Directives?: GqlDirective[];
}

/** Object/interface fields and input-object fields alike. */
export interface GqlFieldDefinition {
  Description: string;
  Name: string;
  Arguments?: GqlArgumentDefinition[];
  DefaultValue?: GqlValue;
  Type: GqlType;
  Directives?: GqlDirective[];
}

export interface GqlEnumValue {
  Description: string;
  Name: string;
  Directives?: GqlDirective[];
}

export interface GqlDefinition {
  Kind: string;
  Description: string;
  Name: string;
  Directives?: GqlDirective[];
  Interfaces?: string[];
  Fields?: GqlFieldDefinition[];
  Types?: string[];
  EnumValues?: GqlEnumValue[];
  BuiltIn: boolean;
}

export interface GqlOperationType {
  Operation: string;
  Type: string;
}

export interface GqlSchemaDefinition {
  Description: string;
  Directives?: GqlDirective[];
  OperationTypes?: GqlOperationType[];
}

export interface GqlDirectiveDefinition {
  Description: string;
  Name: string;
  Arguments?: GqlArgumentDefinition[];
  IsRepeatable: boolean;
  Locations: string[];
}

export interface SchemaDocument {
  Schema?: GqlSchemaDefinition[];
  SchemaExtension?: GqlSchemaDefinition[];
  Directives?: GqlDirectiveDefinition[];
  Definitions?: GqlDefinition[];
  Extensions?: GqlDefinition[];
}

/** Source positions of parsed nodes, kept aside so the returned JSON stays position-free. */
export const positions = new WeakMap<object, { line: number; column: number }>();
