// Server-side printing (meta.k8s.io/v1 Table): the columns kube-apiserver sends for built-ins, CRD
// additionalPrinterColumns, and kubectl's human-readable ages. The server sends every column with its
// priority; kubectl hides priority > 0 unless `-o wide`.
import { compileJsonPath } from './jsonpath.ts';
import { BUILTIN_PRINTERS } from './table-printers.ts';
import { column, CREATION_DESCRIPTION, humanAge, NAME_COLUMN, type TablePrinter } from './table-format.ts';

export { humanAge, humanDuration, type ColumnDefinition, type TablePrinter } from './table-format.ts';
/** A CRD additionalPrinterColumns entry. */
export interface PrinterColumnSpec { name: string; type: string; format?: string; description?: string; priority?: number; jsonPath: string }


function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Text of a value printed by a `string` column: strings raw, others as JSON. */
function printValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function cellForType(type: string, value: unknown, now: Date): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer': return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number': return typeof value === 'number' ? value : null;
    case 'boolean': return typeof value === 'boolean' ? value : null;
    case 'string': return printValue(value);
    case 'date': return typeof value === 'string' ? humanAge(value, now) : null;
    default: return null;
  }
}

/** Columns of a custom resource: Name, then each additionalPrinterColumn (Age when none are declared). */
export function crdColumns(specs: PrinterColumnSpec[]): TablePrinter {
  const effective = specs.length > 0 ? specs : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  const compiled = effective.map((s) => {
    let evaluate: (obj: unknown) => unknown[];
    try { evaluate = compileJsonPath(s.jsonPath); } catch { evaluate = () => []; }
    return { spec: s, evaluate };
  });
  return {
    columns: [NAME_COLUMN, ...effective.map((s) => column(s.name, {
      type: s.type, format: s.format ?? '', priority: s.priority ?? 0,
      description: s.description || `Custom resource definition column (in JSONPath format): ${s.jsonPath}`,
    }))],
    cells(obj, now) {
      const meta = isObject(obj.metadata) ? obj.metadata : {};
      return [meta.name ?? '', ...compiled.map(({ spec, evaluate }) => {
        const results = evaluate(obj);
        return results.length === 0 ? null : cellForType(spec.type, results[0], now);
      })];
    },
  };
}

/** The printer kube uses for resources without their own: Name and Created At. */
export const DEFAULT_PRINTER: TablePrinter = {
  columns: [NAME_COLUMN, column('Created At', { type: 'date', description: CREATION_DESCRIPTION })],
  cells(obj) {
    const meta = isObject(obj.metadata) ? obj.metadata : {};
    return [meta.name ?? '', meta.creationTimestamp ?? null];
  },
};

/** Columns and cells of a built-in resource (`resource` is the plural). */
export function builtinColumns(group: string, resource: string): TablePrinter {
  return BUILTIN_PRINTERS[`${group}/${resource}`] ?? DEFAULT_PRINTER;
}
