// Per-kind hooks keyed by group and kind. The generic verbs run every hook registered for a kind in order; schema
// validation and defaulting for CRD kinds (next issue) register here without touching the verbs.
import type { FieldCause } from '../errors.ts';
import { prepareNamespace, prepareNamespaceUpdate } from '../lifecycle/namespace.ts';
import { installBuiltinDefaults } from './builtin-defaults.ts';
import { acceptCrd, CRD_GROUP, validateCrd } from './crd.ts';
import { installSchemaHooks } from './schema-hooks.ts';
import type { KindHooks, ServedResource, WriteContext } from './types.ts';

type Obj = Record<string, unknown>;

export type HookMatcher = (resource: ServedResource) => boolean;

export class HookTable {
  private readonly entries: { matches: HookMatcher; hooks: KindHooks }[] = [];
  /** CRD schemas are enforced (prune, default, validate); only benchmarks turn this off. */
  schemaEnforcement = true;

  add(matches: HookMatcher, hooks: KindHooks): void {
    this.entries.push({ matches, hooks });
  }

  addForKind(group: string, kind: string, hooks: KindHooks): void {
    this.add((r) => r.group === group && r.kind === kind, hooks);
  }

  private hooksFor(r: ServedResource): KindHooks[] {
    return this.entries.filter((e) => e.matches(r)).map((e) => e.hooks);
  }

  prepareCreate(obj: Obj, ctx: WriteContext): void {
    for (const h of this.hooksFor(ctx.resource)) h.prepareCreate?.(obj, ctx);
  }

  prepareUpdate(obj: Obj, old: Obj, ctx: WriteContext): void {
    for (const h of this.hooksFor(ctx.resource)) h.prepareUpdate?.(obj, old, ctx);
  }

  validate(obj: Obj, old: Obj | undefined, ctx: WriteContext): FieldCause[] {
    return this.hooksFor(ctx.resource).flatMap((h) => h.validate?.(obj, old, ctx) ?? []);
  }
}

/** The hooks every server installs: CRDs get accepted (status conditions, cleanup finalizer) and checked. */
export function defaultHooks(): HookTable {
  const table = new HookTable();
  table.addForKind(CRD_GROUP, 'CustomResourceDefinition', {
    prepareCreate: (obj, ctx) => acceptCrd(obj, ctx.now),
    prepareUpdate: (obj, old, ctx) => {
      // names and conditions are re-derived on every spec write, as kube's naming controller does
      if (obj.status === undefined) obj.status = old.status;
      const deleting = (old.metadata as Obj | undefined)?.deletionTimestamp !== undefined;
      acceptCrd(obj, ctx.now, !deleting);
    },
    validate: (obj) => validateCrd(obj),
  });
  table.addForKind('', 'Namespace', {
    prepareCreate: (obj) => {
      Object.assign(obj, prepareNamespace(obj));
      labelNamespace(obj);
    },
    prepareUpdate: (obj, old) => {
      Object.assign(obj, prepareNamespaceUpdate(obj, old));
      labelNamespace(obj);
    },
  });
  installBuiltinDefaults(table);
  installSchemaHooks(table, () => table.schemaEnforcement);
  return table;
}

/** kube labels every namespace with its own name (kubernetes.io/metadata.name), so selectors can pick namespaces. */
function labelNamespace(obj: Obj): void {
  const meta = (obj.metadata ?? {}) as Obj;
  const labels = meta.labels !== null && typeof meta.labels === 'object' ? (meta.labels as Record<string, string>) : {};
  meta.labels = { ...labels, 'kubernetes.io/metadata.name': String(meta.name ?? '') };
}
