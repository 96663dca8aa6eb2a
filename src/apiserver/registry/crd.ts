// CustomResourceDefinitions: what each served version of a CRD adds to a virtual cluster's catalog, kube's version
// ordering, and the status a CRD gets when it is accepted.
import type { FieldCause } from '../errors.ts';
import { STANDARD_VERBS } from './builtins.ts';
import type { ServedResource } from './types.ts';

type Obj = Record<string, unknown>;

export const CRD_GROUP = 'apiextensions.k8s.io';
export const CRD_RESOURCE = 'customresourcedefinitions';
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

function asObj(v: unknown): Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

const VERSION_RE = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** Kube's version priority: GA > beta > alpha, higher numbers first, then non-kube-like versions alphabetically. */
export function compareVersions(a: string, b: string): number {
  const ma = VERSION_RE.exec(a);
  const mb = VERSION_RE.exec(b);
  if (!ma || !mb) return ma ? -1 : mb ? 1 : a.localeCompare(b);
  const rank = (m: RegExpExecArray): number => (m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0);
  if (rank(ma) !== rank(mb)) return rank(mb) - rank(ma);
  if (ma[1] !== mb[1]) return Number(mb[1]) - Number(ma[1]);
  return Number(mb[3] ?? 0) - Number(ma[3] ?? 0);
}

function scaleSpec(s: Obj): { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } {
  const out: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } = {
    specReplicasPath: String(s.specReplicasPath ?? '.spec.replicas'),
    statusReplicasPath: String(s.statusReplicasPath ?? '.status.replicas'),
  };
  if (typeof s.labelSelectorPath === 'string') out.labelSelectorPath = s.labelSelectorPath;
  return out;
}

/** The resources a CRD serves, one per served version, the preferred version first. */
export function resourcesOfCrd(crd: Obj): ServedResource[] {
  const spec = asObj(crd.spec);
  const names = asObj(spec.names);
  const group = String(spec.group ?? '');
  const kind = String(names.kind ?? '');
  const plural = String(names.plural ?? '');
  if (!group || !kind || !plural) return [];
  const versions = (Array.isArray(spec.versions) ? spec.versions : []).map(asObj).filter((v) => v.served !== false && typeof v.name === 'string');
  versions.sort((a, b) => compareVersions(String(a.name), String(b.name)));
  const crdName = String(asObj(crd.metadata).name ?? '');
  return versions.map((v, i) => {
    const sub = asObj(v.subresources);
    const subresources = [...('scale' in sub ? ['scale'] : []), ...('status' in sub ? ['status'] : [])];
    return {
      group,
      version: String(v.name),
      kind,
      listKind: typeof names.listKind === 'string' ? names.listKind : `${kind}List`,
      plural,
      singular: typeof names.singular === 'string' && names.singular ? names.singular : kind.toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      shortNames: strings(names.shortNames),
      categories: strings(names.categories),
      verbs: [...STANDARD_VERBS],
      subresources,
      hasStatusSubresource: 'status' in sub,
      preferredVersion: i === 0,
      crd: {
        name: crdName,
        printerColumns: Array.isArray(v.additionalPrinterColumns) ? (v.additionalPrinterColumns as Obj[]) : [],
        schema: asObj(asObj(v.schema).openAPIV3Schema),
        scale: 'scale' in sub ? scaleSpec(asObj(sub.scale)) : undefined,
        selectableFields: (Array.isArray(v.selectableFields) ? v.selectableFields : [])
          .map((f) => String(asObj(f).jsonPath ?? '').replace(/^\./, ''))
          .filter((f) => f !== ''),
      },
    };
  });
}

/** Checks the parts of a CRD the server itself depends on (schema validation of CRDs comes with the next issue). */
export function validateCrd(crd: Obj): FieldCause[] {
  const causes: FieldCause[] = [];
  const spec = asObj(crd.spec);
  const names = asObj(spec.names);
  const name = String(asObj(crd.metadata).name ?? '');
  const bad = (field: string, value: unknown, why: string): void => {
    causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${why}` });
  };
  const required = (field: string): void => {
    causes.push({ reason: 'FieldValueRequired', field, message: 'Required value' });
  };
  if (!spec.group) required('spec.group');
  if (!names.plural) required('spec.names.plural');
  if (!names.kind) required('spec.names.kind');
  if (spec.group && names.plural && name !== `${names.plural}.${spec.group}`) {
    bad('metadata.name', name, `must be spec.names.plural+"."+spec.group`);
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    causes.push({ reason: 'FieldValueNotSupported', field: 'spec.scope', message: `Unsupported value: ${JSON.stringify(spec.scope ?? '')}: supported values: "Cluster", "Namespaced"` });
  }
  const versions = Array.isArray(spec.versions) ? spec.versions.map(asObj) : [];
  if (versions.length === 0) required('spec.versions');
  if (versions.length > 0 && versions.filter((v) => v.storage === true).length !== 1) {
    bad('spec.versions', versions.map((v) => v.name), 'must have exactly one version marked as storage version');
  }
  return causes;
}

function condition(type: string, reason: string, message: string, now: string): Obj {
  return { type, status: 'True', lastTransitionTime: now, reason, message };
}

/** The status kube-apiserver's controllers give an accepted CRD; set at once so `wait --for=condition=established` returns. */
export function acceptCrd(crd: Obj, now: string, addFinalizer = true): void {
  const spec = asObj(crd.spec);
  const names = asObj(spec.names);
  const kind = String(names.kind ?? '');
  const accepted: Obj = {
    plural: names.plural,
    singular: names.singular || kind.toLowerCase(),
    kind,
    listKind: names.listKind || `${kind}List`,
  };
  if (strings(names.shortNames).length) accepted.shortNames = strings(names.shortNames);
  if (strings(names.categories).length) accepted.categories = strings(names.categories);
  const status = asObj(crd.status);
  const stored = strings(status.storedVersions);
  const storage = (Array.isArray(spec.versions) ? spec.versions : []).map(asObj).find((v) => v.storage === true);
  if (storage && !stored.includes(String(storage.name))) stored.push(String(storage.name));
  const previous = Array.isArray(status.conditions) ? (status.conditions as Obj[]) : [];
  const keep = (type: string, fresh: Obj): Obj => {
    const old = previous.find((c) => c.type === type && c.status === 'True');
    return old ?? fresh;
  };
  crd.status = {
    conditions: [
      keep('NamesAccepted', condition('NamesAccepted', 'NoConflicts', 'no conflicts found', now)),
      keep('Established', condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted', now)),
    ],
    acceptedNames: accepted,
    storedVersions: stored,
  };
  const finalizers = strings(asObj(crd.metadata).finalizers);
  if (addFinalizer && !finalizers.includes(CRD_CLEANUP_FINALIZER)) {
    (crd.metadata as Obj).finalizers = [...finalizers, CRD_CLEANUP_FINALIZER];
  }
}
