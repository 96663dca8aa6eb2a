// Prints gqlparser-shaped ASTs back to GraphQL text, so graphql-js can validate queries given as
// AST objects and build a schema from a loaded SchemaDocument.
import { ValueKind, type GqlArgument, type GqlArgumentDefinition, type GqlDirective, type GqlSelection, type GqlType, type GqlValue, type GqlVariableDefinition, type QueryDocument } from './ast.ts';
import type { LoadedSchema } from './schema-check.ts';

export function printType(t: GqlType): string {
  return (t.Elem ? `[${printType(t.Elem)}]` : t.NamedType) + (t.NonNull ? '!' : '');
}

export function printValue(v: GqlValue): string {
  switch (v.Kind) {
    case ValueKind.Variable:
      return `$${v.Raw}`;
    case ValueKind.String:
    case ValueKind.Block:
      return JSON.stringify(v.Raw);
    case ValueKind.List:
      return `[${(v.Children ?? []).map((c) => printValue(c.Value)).join(', ')}]`;
    case ValueKind.Object:
      return `{${(v.Children ?? []).map((c) => `${c.Name}: ${printValue(c.Value)}`).join(', ')}}`;
    default:
      return v.Raw;
  }
}

const args = (list: GqlArgument[] | undefined): string =>
  list && list.length > 0 ? `(${list.map((a) => `${a.Name}: ${printValue(a.Value)}`).join(', ')})` : '';

const directives = (list: GqlDirective[] | undefined): string =>
  (list ?? []).map((d) => ` @${d.Name}${args(d.Arguments)}`).join('');

const variables = (list: GqlVariableDefinition[] | undefined): string =>
  list && list.length > 0
    ? `(${list.map((v) => `$${v.Variable}: ${printType(v.Type)}${v.DefaultValue ? ` = ${printValue(v.DefaultValue)}` : ''}${directives(v.Directives)}`).join(', ')})`
    : '';

function selections(list: GqlSelection[] | undefined): string {
  if (!list || list.length === 0) return '';
  return ` { ${list.map(selection).join(' ')} }`;
}

/** Tells the selection kinds apart the way their JSON does: fields carry Alias, inline fragments TypeCondition. */
function selection(s: GqlSelection): string {
  const isField = s.Alias !== undefined || (s.TypeCondition === undefined && (s.SelectionSet !== undefined || s.Arguments !== undefined));
  if (isField) {
    const name = s.Name ?? s.Alias ?? '';
    const alias = s.Alias && s.Alias !== name ? `${s.Alias}: ` : '';
    return `${alias}${name}${args(s.Arguments)}${directives(s.Directives)}${selections(s.SelectionSet)}`;
  }
  if (s.TypeCondition !== undefined) {
    const on = s.TypeCondition ? ` on ${s.TypeCondition}` : '';
    return `...${on}${directives(s.Directives)}${selections(s.SelectionSet) || ' { }'}`;
  }
  return `...${s.Name ?? ''}${directives(s.Directives)}`;
}

export function printQuery(doc: QueryDocument): string {
  const out: string[] = [];
  for (const op of doc.Operations ?? []) {
    out.push(`${op.Operation || 'query'} ${op.Name ?? ''}${variables(op.VariableDefinitions)}${directives(op.Directives)}${selections(op.SelectionSet) || ' { }'}`);
  }
  for (const f of doc.Fragments ?? []) {
    out.push(`fragment ${f.Name}${variables(f.VariableDefinition)} on ${f.TypeCondition}${directives(f.Directives)}${selections(f.SelectionSet) || ' { }'}`);
  }
  return out.join('\n');
}

const argDefs = (list: GqlArgumentDefinition[] | undefined): string =>
  list && list.length > 0
    ? `(${list.map((a) => `${a.Name}: ${printType(a.Type)}${a.DefaultValue ? ` = ${printValue(a.DefaultValue)}` : ''}`).join(', ')})`
    : '';

const STANDARD_DIRECTIVES = new Set(['include', 'skip', 'deprecated', 'specifiedBy']);

/** SDL for a loaded schema: user types (extensions merged), extra directives and the root types. */
export function printLoadedSchema(schema: LoadedSchema): string {
  const out: string[] = [];
  const roots = Object.entries(schema.roots).filter(([, t]) => t);
  if (roots.length > 0) out.push(`schema { ${roots.map(([op, t]) => `${op}: ${t}`).join(' ')} }`);
  for (const dir of schema.directives.values()) {
    if (STANDARD_DIRECTIVES.has(dir.Name)) continue;
    out.push(`directive @${dir.Name}${argDefs(dir.Arguments)}${dir.IsRepeatable ? ' repeatable' : ''} on ${dir.Locations.join(' | ')}`);
  }
  for (const def of schema.types.values()) {
    if (def.BuiltIn) continue;
    const fields = (def.Fields ?? []).map((f) => `${f.Name}${argDefs(f.Arguments)}: ${printType(f.Type)}${f.DefaultValue ? ` = ${printValue(f.DefaultValue)}` : ''}`);
    const impl = def.Interfaces && def.Interfaces.length > 0 ? ` implements ${def.Interfaces.join(' & ')}` : '';
    switch (def.Kind) {
      case 'SCALAR':
        out.push(`scalar ${def.Name}`);
        break;
      case 'OBJECT':
      case 'INTERFACE':
        out.push(`${def.Kind === 'OBJECT' ? 'type' : 'interface'} ${def.Name}${impl} { ${fields.join(' ')} }`);
        break;
      case 'INPUT_OBJECT':
        out.push(`input ${def.Name} { ${fields.join(' ')} }`);
        break;
      case 'UNION':
        out.push(`union ${def.Name}${def.Types && def.Types.length > 0 ? ` = ${def.Types.join(' | ')}` : ''}`);
        break;
      case 'ENUM':
        out.push(`enum ${def.Name} { ${(def.EnumValues ?? []).map((v) => v.Name).join(' ')} }`);
        break;
    }
  }
  return out.join('\n');
}
