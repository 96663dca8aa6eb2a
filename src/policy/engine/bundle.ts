// OPA bundles: a gzipped tar with `.manifest`, `data.json`/`data.yaml` files (each placed at its
// directory's path in data), Rego sources and, for the wasm target, `policy.wasm` named by the
// manifest's `wasm` list. Reads bundles from `opa build -t wasm` and writes the same layout.
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { BundleError } from './errors.ts';
import { readTar, writeTar, type TarEntry } from './tar.ts';

export interface WasmResolver {
  entrypoint: string;
  module: string;
}

export interface Manifest {
  revision?: string;
  roots?: string[];
  wasm?: WasmResolver[];
  rego_version?: number;
  metadata?: Record<string, unknown>;
}

export interface RegoFile {
  filename: string;
  source: string;
}

export interface Bundle {
  manifest: Manifest;
  data: Record<string, unknown>;
  /** The wasm module and the entrypoints the manifest resolves to it (absent for a Rego-only bundle). */
  wasm?: { path: string; bytes: Uint8Array; entrypoints: string[] };
  modules: RegoFile[];
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function readBundle(bytes: Uint8Array): Bundle {
  let tar: Uint8Array;
  let entries: TarEntry[];
  try {
    tar = isGzip(bytes) ? gunzipSync(bytes) : bytes;
    entries = readTar(tar);
  } catch (e) {
    throw new BundleError(`bundle: cannot read archive: ${e instanceof Error ? e.message : String(e)}`);
  }
  return bundleFromFiles(entries);
}

/** Builds a bundle from its files (a tar's entries or a directory's contents). */
export function bundleFromFiles(entries: TarEntry[]): Bundle {
  const text = (e: TarEntry) => new TextDecoder().decode(e.data);
  const files = new Map(entries.map((e) => [e.name, e]));
  let manifest: Manifest = {};
  const manifestEntry = files.get('.manifest');
  if (manifestEntry) {
    try {
      manifest = JSON.parse(text(manifestEntry)) as Manifest;
    } catch (e) {
      throw new BundleError(`bundle: .manifest is not valid JSON: ${(e as Error).message}`);
    }
    if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
      throw new BundleError('bundle: .manifest must be a JSON object');
    }
  }

  const data: Record<string, unknown> = {};
  const modules: RegoFile[] = [];
  for (const e of entries) {
    const base = e.name.split('/').pop() ?? '';
    const dir = e.name.includes('/') ? e.name.slice(0, e.name.lastIndexOf('/')) : '';
    if (base === 'data.json' || base === 'data.yaml' || base === 'data.yml') {
      let value: unknown;
      try {
        value = base === 'data.json' ? JSON.parse(text(e)) : parseYaml(text(e));
      } catch (err) {
        throw new BundleError(`bundle: ${e.name} is not valid ${base === 'data.json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
      }
      mergeAt(data, dir ? dir.split('/') : [], value, e.name);
    } else if (base.endsWith('.rego')) {
      modules.push({ filename: e.name, source: text(e) });
    }
  }

  const resolvers = manifest.wasm ?? [];
  let wasm: Bundle['wasm'];
  const modulePath = resolvers.length > 0 ? resolvers[0].module.replace(/^\/+/, '') : files.has('policy.wasm') ? 'policy.wasm' : undefined;
  if (modulePath) {
    const entry = files.get(modulePath);
    if (!entry) throw new BundleError(`bundle: .manifest names wasm module ${modulePath}, which the bundle does not contain`);
    const entrypoints = resolvers.filter((r) => r.module.replace(/^\/+/, '') === modulePath).map((r) => r.entrypoint);
    wasm = { path: modulePath, bytes: entry.data, entrypoints };
  }
  return { manifest, data, wasm, modules };
}

function mergeAt(target: Record<string, unknown>, path: string[], value: unknown, file: string): void {
  let node = target;
  for (const key of path) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (!isObject(next)) throw new BundleError(`bundle: ${file} conflicts with data already at ${path.join('.')}`);
    node = node[key] as Record<string, unknown>;
  }
  if (path.length > 0 && !isObject(value)) {
    throw new BundleError(`bundle: ${file} must hold a JSON object`);
  }
  if (!isObject(value)) {
    if (value === null || value === undefined) return;
    throw new BundleError(`bundle: ${file} must hold a JSON object`);
  }
  deepMerge(node, value, file);
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>, file: string): void {
  for (const [k, v] of Object.entries(source)) {
    const cur = target[k];
    if (isObject(cur) && isObject(v)) deepMerge(cur, v, file);
    else if (cur !== undefined) throw new BundleError(`bundle: ${file} redefines data key ${k}`);
    else target[k] = v;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export interface BundleContents {
  wasm: Uint8Array;
  entrypoints: string[];
  data?: Record<string, unknown>;
  modules?: RegoFile[];
  regoVersion?: 0 | 1;
  revision?: string;
}

/** Writes a gzipped bundle in the layout `opa build -t wasm` produces. */
export function writeBundle(c: BundleContents): Uint8Array {
  const enc = new TextEncoder();
  const manifest: Manifest = {
    revision: c.revision ?? '',
    roots: [''],
    wasm: c.entrypoints.map((entrypoint) => ({ entrypoint, module: '/policy.wasm' })),
    rego_version: c.regoVersion ?? 1,
  };
  const entries: TarEntry[] = [
    { name: '/data.json', data: enc.encode(JSON.stringify(c.data ?? {})) },
    ...(c.modules ?? []).map((m) => ({ name: '/' + m.filename.replace(/^\/+/, ''), data: enc.encode(m.source) })),
    { name: '/policy.wasm', data: c.wasm },
    { name: '/.manifest', data: enc.encode(JSON.stringify(manifest)) },
  ];
  return new Uint8Array(gzipSync(writeTar(entries)));
}
