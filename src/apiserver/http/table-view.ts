// Server-side printing: turns objects into a meta.k8s.io Table when the client asks for `as=Table`, with the columns
// from tables.ts (built-ins) or the CRD's additionalPrinterColumns, and rows[].object as kubectl expects it.
import type { ServedResource } from '../registry/types.ts';
import { builtinColumns, crdColumns } from './tables.ts';
import type { ColumnDefinition, PrinterColumnSpec } from './tables.ts';

type Obj = Record<string, unknown>;

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableRequest {
  apiVersion: string;
  include: IncludeObject;
}

/** Parses the Accept header: a Table request when any accepted type says `as=Table` with meta.k8s.io v1/v1beta1. */
export function tableRequest(accept: string | undefined, query: URLSearchParams): TableRequest | undefined {
  if (!accept || !accept.includes('as=Table')) return undefined;
  for (const part of accept.split(',')) {
    const params = new Map(part.split(';').slice(1).map((p) => {
      const [k, v = ''] = p.trim().split('=');
      return [k.trim(), v.trim()] as const;
    }));
    if (params.get('as') !== 'Table' || (params.get('g') ?? 'meta.k8s.io') !== 'meta.k8s.io') continue;
    const v = params.get('v') ?? 'v1';
    if (v !== 'v1' && v !== 'v1beta1') continue;
    const inc = query.get('includeObject');
    const include: IncludeObject = inc === 'None' || inc === 'Object' ? inc : 'Metadata';
    return { apiVersion: `meta.k8s.io/${v}`, include };
  }
  return undefined;
}

export interface Printer {
  columns: ColumnDefinition[];
  cells(obj: Obj, now: Date): unknown[];
}

const printers = new WeakMap<ServedResource, Printer>();

export function printerFor(r: ServedResource): Printer {
  let p = printers.get(r);
  if (!p) {
    p = r.crd ? crdColumns(r.crd.printerColumns as unknown as PrinterColumnSpec[]) : builtinColumns(r.group, r.plural);
    printers.set(r, p);
  }
  return p;
}

function rowObject(obj: Obj, include: IncludeObject): Obj | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

export function tableRow(printer: Printer, obj: Obj, include: IncludeObject, now: Date): Obj {
  const row: Obj = { cells: printer.cells(obj, now) };
  const o = rowObject(obj, include);
  if (o) row.object = o;
  return row;
}

export function renderTable(
  r: ServedResource,
  objects: Obj[],
  table: TableRequest,
  listMeta: Obj,
  withColumns = true,
): Obj {
  const printer = printerFor(r);
  const now = new Date();
  return {
    kind: 'Table',
    apiVersion: table.apiVersion,
    metadata: listMeta,
    columnDefinitions: withColumns ? printer.columns : null,
    rows: objects.map((o) => tableRow(printer, o, table.include, now)),
  };
}
