// What the HTTP layer knows about each resource it serves: the built-in table's facts plus, for CRD kinds, where they
// came from and their printer columns and schema.
import type { FieldCause } from '../errors.ts';
import type { ResourceInfo } from './builtins.ts';

type Obj = Record<string, unknown>;

export interface CrdOrigin {
  /** metadata.name of the CRD ("plural.group"). */
  name: string;
  printerColumns: Obj[];
  schema: Obj;
  /** subresources.scale of the CRD version, when it declares one. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  /** Field paths usable in fieldSelector besides metadata.name/namespace ("spec.color"). */
  selectableFields: string[];
}

export interface ServedResource extends ResourceInfo {
  crd?: CrdOrigin;
}

export interface WriteContext {
  cluster: string;
  resource: ServedResource;
  /** RFC3339 time of this request, seconds precision. */
  now: string;
  /** Who is writing (the authenticated user); undefined for the server's own writes. */
  user?: { username: string; groups: string[]; uid?: string; extra?: Record<string, string[]> };
  /** The subresource written through ('status', 'approval', ...); undefined for the main resource. */
  subresource?: string;
}

/** Per-kind behaviour the generic verbs call. Validation and defaulting from CRD schemas plug in here. */
export interface KindHooks {
  /** Fills server-owned fields on create (status, defaults). Mutates `obj`. */
  prepareCreate?(obj: Obj, ctx: WriteContext): void;
  /** Fills server-owned fields on update; `old` is the stored state. Mutates `obj`. */
  prepareUpdate?(obj: Obj, old: Obj, ctx: WriteContext): void;
  /** Returns what is wrong with the object about to be stored (empty = fine). */
  validate?(obj: Obj, old: Obj | undefined, ctx: WriteContext): FieldCause[];
}
