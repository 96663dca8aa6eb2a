// Reads the CRDs of the API contract (crds/*.yaml) and the typed view of their versions the server and tools need.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** crds/ at the package root, found by walking up from this module (works from src/ and from dist/src/). */
function findCrdsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'crds')) && existsSync(join(dir, 'package.json'))) return join(dir, 'crds');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('crds/ not found: the ocm-ts package is incomplete');
    dir = parent;
  }
}

export const CRDS_DIR = findCrdsDir();

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema: { openAPIV3Schema: Record<string, unknown> };
  subresources?: { status?: Record<string, never> };
  additionalPrinterColumns?: { name: string; type: string; jsonPath: string; priority?: number; format?: string }[];
}

export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    group: string;
    names: { kind: string; listKind: string; plural: string; singular: string; shortNames?: string[]; categories?: string[] };
    scope: 'Namespaced' | 'Cluster';
    versions: CrdVersion[];
  };
}

export interface CrdFile {
  file: string;
  crd: CustomResourceDefinition;
}

/** Every CRD file in `dir`, sorted by file name (group, then plural). */
export function loadCrds(dir: string = CRDS_DIR): CrdFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const crd = parse(readFileSync(join(dir, file), 'utf8')) as CustomResourceDefinition;
      if (crd?.kind !== 'CustomResourceDefinition') throw new Error(`${join(dir, file)}: not a CustomResourceDefinition`);
      return { file, crd };
    });
}

/** The CRD serving `apiVersion` (`group/version`) and `kind`, and that version's entry. */
export function findCrdVersion(crds: CrdFile[], apiVersion: string, kind: string): { crd: CustomResourceDefinition; version: CrdVersion } | undefined {
  const slash = apiVersion.lastIndexOf('/');
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  for (const { crd } of crds) {
    if (crd.spec.group !== group || crd.spec.names.kind !== kind) continue;
    const v = crd.spec.versions.find((x) => x.name === version && x.served);
    if (v) return { crd, version: v };
  }
  return undefined;
}
