import { describe, expect, it } from 'vitest';
import { error, rule, value } from './rego-eval.ts';

const SCHEMA = `
  type Employee { id: String! salary: Int! }
  type Query { employeeByID(id: String!): Employee }
`;

describe('graphql.parse_query', () => {
  it("returns gqlparser's AST without positions or empty fields", async () => {
    const ast = await rule(`r := graphql.parse_query(input.q)`, {
      q: 'query Q($id: String = "x") { e: employeeByID(id: $id) { ...F } }\nfragment F on Employee { salary @include(if: true) }',
    });
    expect(ast).toEqual({
      Operations: [{
        Operation: 'query',
        Name: 'Q',
        VariableDefinitions: [{
          Variable: 'id',
          Type: { NamedType: 'String', NonNull: false },
          DefaultValue: { Raw: 'x', Kind: 3, ExpectedTypeHasDefault: false },
          Used: false,
        }],
        SelectionSet: [{
          Alias: 'e',
          Name: 'employeeByID',
          Arguments: [{ Name: 'id', Value: { Raw: 'id', Kind: 0, ExpectedTypeHasDefault: false } }],
          SelectionSet: [{ Name: 'F' }],
        }],
      }],
      Fragments: [{
        Name: 'F',
        TypeCondition: 'Employee',
        SelectionSet: [{
          Alias: 'salary',
          Name: 'salary',
          Directives: [{ Name: 'include', Arguments: [{ Name: 'if', Value: { Raw: 'true', Kind: 5, ExpectedTypeHasDefault: false } }], Location: '' }],
        }],
      }],
    });
  });

  it('reports syntax errors with their position', async () => {
    expect(await error('graphql.parse_query("{")')).toBe('eval_builtin_error: graphql.parse_query: Expected Name, found <EOF> in GraphQL string at location 1:2');
    expect(await error('graphql.parse_query("notanoperation Foo { field }")')).toContain('Unexpected Name "notanoperation" in GraphQL string at location 1:1');
    expect(await error('graphql.parse_query("{ a { } }")')).toContain('expected at least one definition, found } in GraphQL string at location 1:7');
    expect(await error('graphql.parse_query("query ($x: Int = $y) { a }")')).toContain('Unexpected $ in GraphQL string at location 1:18');
    expect(await error('graphql.parse_query(1)')).toBe('eval_type_error: graphql.parse_query: operand 1 must be string but got number');
  });
});

describe('graphql.parse_schema', () => {
  it('returns definitions, extensions and directives', async () => {
    const ast = await rule('r := graphql.parse_schema(input.s)', {
      s: '"""\n  An employee\n"""\ntype Employee implements Node { id: ID! tags: [String] }\nextend union U = A | B\ndirective @x repeatable on FIELD | QUERY',
    });
    expect(ast).toEqual({
      Directives: [{ Description: '', Name: 'x', IsRepeatable: true, Locations: ['FIELD', 'QUERY'] }],
      Definitions: [{
        Kind: 'OBJECT',
        Description: 'An employee',
        Name: 'Employee',
        Interfaces: ['Node'],
        Fields: [
          { Description: '', Name: 'id', Type: { NamedType: 'ID', NonNull: true } },
          { Description: '', Name: 'tags', Type: { NamedType: '', Elem: { NamedType: 'String', NonNull: false }, NonNull: false } },
        ],
        BuiltIn: false,
      }],
      Extensions: [{ Kind: 'UNION', Description: '', Name: 'U', Types: ['A', 'B'], BuiltIn: false }],
    });
  });

  it('rejects malformed SDL like gqlparser', async () => {
    expect(await error('graphql.parse_schema("type Hello {}")')).toContain('graphql.parse_schema: expected at least one definition, found } in GraphQL string at location 1:13');
    expect(await error('graphql.parse_schema("extend type Hello")')).toContain('Unexpected <EOF> in GraphQL string at location 1:18');
    expect(await error('graphql.parse_schema("union U = A || B")')).toContain('Expected Name, found | in GraphQL string at location 1:14');
    expect(await error('graphql.parse_schema("directive @d on NOWHERE")')).toContain('Unexpected Name "NOWHERE" in GraphQL string at location 1:17');
  });
});

describe('graphql.parse', () => {
  it('validates the query against the schema and returns both ASTs', async () => {
    type Named = { Name: string };
    const [query, schema] = (await rule('r := graphql.parse(input.q, input.s)', { q: '{ employeeByID(id: "a") { salary } }', s: SCHEMA })) as [
      { Operations: { SelectionSet: Named[] }[] },
      { Definitions: Named[] },
    ];
    expect(query.Operations[0].SelectionSet[0].Name).toBe('employeeByID');
    expect(schema.Definitions.map((d) => d.Name)).toEqual(['Employee', 'Query']);
  });

  it("fails with the validator's first message and the query position", async () => {
    const err = (q: string) => error('graphql.parse(input.q, input.s)', { q, s: SCHEMA });
    expect(await err('{\n  employeeByID { salary }\n}')).toBe(
      'eval_builtin_error: graphql.parse: Field "employeeByID" argument "id" of type "String!" is required, but it was not provided in GraphQL string at location 2:3',
    );
    expect(await err('{ employeeByID(id: "a") { name } }')).toContain('Cannot query field "name" on type "Employee" in GraphQL string at location 1:27');
    expect(await err('mutation { x }')).toContain('Schema does not support operation type "mutation"');
    expect(await err('query ($v: Int) { employeeByID(id: $v) { id } }')).toContain('Variable "$v" of type "Int" used in position expecting type "String!"');
  });

  it('accepts the AST objects graphql.parse_query and graphql.parse_schema return', async () => {
    const src = `
      q := graphql.parse_query(\`{ employeeByID(id: "a") { salary } }\`)
      s := graphql.parse_schema(input.s)
      r := graphql.parse(q, s) == [q, s]`;
    expect(await rule(src, { s: SCHEMA })).toBe(true);
  });

  it('reports a schema that does not load, and malformed AST objects, clearly', async () => {
    expect(await error('graphql.parse("{ a }", "type Query { a: Missing }")')).toBe(
      'eval_builtin_error: graphql.parse: Error in gqlparser SchemaDocument to Schema conversion: input:1:17: Undefined type Missing.',
    );
    expect(await error('graphql.parse(input.q, input.s)', { q: { Operations: [{ SelectionSet: 3 }] }, s: SCHEMA })).toBe(
      'eval_builtin_error: graphql.parse: invalid GraphQL AST: operand 1.Operations[0].SelectionSet must be an array but got number',
    );
    expect(await error('graphql.parse(input.q, input.s)', { q: '{ a }', s: { Definitions: [{ Kind: 'OBJECT', Name: 'Query', Fields: [{ Name: 'a' }] }] } })).toBe(
      'eval_builtin_error: graphql.parse: invalid GraphQL AST: operand 2.Definitions[0].Fields[0].Type must be an object but got undefined',
    );
  });
});

describe('graphql.parse_and_verify and graphql.is_valid', () => {
  it('give a verdict instead of an error', async () => {
    const verify = (q: unknown) => rule('r := graphql.parse_and_verify(input.q, input.s)', { q, s: SCHEMA });
    expect(((await verify('{ employeeByID(id: "a") { id } }')) as unknown[])[0]).toBe(true);
    expect(await verify('{ employeeByID { id } }')).toEqual([false, {}, {}]);
    expect(await verify(42)).toEqual([false, {}, {}]);
    const valid = (q: unknown, s: unknown = SCHEMA) => rule('r := graphql.is_valid(input.q, input.s)', { q, s });
    expect(await valid('{ employeeByID(id: "a") { id } }')).toBe(true);
    expect(await valid('{ employeeByID(id: "a") { id } ')).toBe(false);
    expect(await valid('{ employeeByID(id: "a") { id } }', 'type Query { a: B }')).toBe(false);
    expect(await valid({ Operations: [{ Operation: 'query', SelectionSet: [{ Alias: 'a', Name: 'a', Arguments: [{ Name: 'x', Value: { Kind: 7, Raw: 'b' } }] }] }] }, 'type Query { a: Int }')).toBe(false);
    expect(await valid({ Operations: [{ Operation: 'query', SelectionSet: [{ Alias: 'a', Name: 'a' }] }] }, 'type Query { a: Int }')).toBe(true);
  });
});

describe('graphql.schema_is_valid', () => {
  it("applies gqlparser's schema rules", async () => {
    const valid = (s: string) => value('graphql.schema_is_valid(input.s)', { s });
    expect(await valid(SCHEMA)).toBe(true);
    expect(await valid('extend type User { id: ID! }')).toBe(true);
    expect(await valid('type Hello implements World { field: String }')).toBe(false);
    expect(await valid('schema { query: Query }')).toBe(false);
    expect(await valid('union U = Missing')).toBe(false);
    expect(await valid('input I { o: O } type O { a: Int }')).toBe(false);
    expect(await valid('interface A { id: ID } interface B implements A { id: ID } type C implements B { id: ID }')).toBe(false);
    expect(await valid('type A { a: Int } type A { b: Int }')).toBe(false);
    expect(await valid('type A { f: Int @deprecated } enum E { X @deprecated }')).toBe(true);
    expect(await valid('type A { f: Int @unknown }')).toBe(false);
    expect(await valid('type A {')).toBe(false);
    expect(await value('graphql.schema_is_valid(7)')).toBe(false);
  });
});
