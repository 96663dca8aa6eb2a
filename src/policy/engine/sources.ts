// Loads policy sources from files and directories as `opa eval -d` does: `.rego` files are
// modules; `.json`/`.yaml`/`.yml` files are data, merged at their directory's path below the
// directory given (a file given directly is merged at the root of data).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PolicyError } from './errors.ts';
import type { RegoModule } from './compile.ts';

export interface Sources {
  modules: RegoModule[];
  data: Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function merge(target: Record<string, unknown>, path: string[], value: unknown, file: string): void {
  let node = target;
  for (const key of path) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (!isObject(next)) throw new PolicyError('data_error', `${file}: data at ${path.join('.')} conflicts with a value loaded before`);
    node = node[key] as Record<string, unknown>;
  }
  if (!isObject(value)) {
    if (path.length === 0) throw new PolicyError('data_error', `${file}: a data file at the root must hold an object`);
    // A non-object document replaces the (empty) object at its path.
    const parent = path.slice(0, -1).reduce<Record<string, unknown>>((n, k) => n[k] as Record<string, unknown>, target);
    parent[path[path.length - 1]] = value;
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (isObject(node[k]) && isObject(v)) merge(node, [k], v, file);
    else if (node[k] !== undefined) throw new PolicyError('data_error', `${file}: data key ${[...path, k].join('.')} is defined twice`);
    else node[k] = v;
  }
}

function parseData(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new PolicyError('data_error', `${file}: not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
}

const DATA_EXT = new Set(['.json', '.yaml', '.yml']);

/** Reads modules and data from files and directories (recursively; hidden entries skipped). */
export function loadSources(paths: string[], out: Sources = { modules: [], data: {} }): Sources {
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new PolicyError('data_error', `${p}: no such file or directory`);
    }
    if (st.isDirectory()) walk(p, p, out);
    else addFile(p, [], out);
  }
  return out;
}

function walk(root: string, dir: string, out: Sources): void {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(root, p, out);
    else {
      const rel = relative(root, dir);
      addFile(p, rel ? rel.split(sep) : [], out);
    }
  }
}

function addFile(file: string, path: string[], out: Sources): void {
  const ext = extname(file);
  if (ext === '.rego') out.modules.push({ filename: file, source: readFileSync(file, 'utf8') });
  else if (DATA_EXT.has(ext) && basename(file) !== '.manifest') merge(out.data, path, parseData(file), file);
}
