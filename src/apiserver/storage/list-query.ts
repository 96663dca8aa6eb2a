// Lists (paged, optionally as of an older revision) over the `current` table.
// A list at the newest revision is one ordered range scan. A list at an older revision R (a later page
// of a paged list) scans `current` and corrects it with the log entries written after R.
import { EVENT_ADDED, type Statements } from './schema.ts';
import { StorageError, type ListOptions, type ListResult, type ResourcePrefix, type StoredObject } from './types.ts';

interface ContinueToken {
  rv: number;
  ns: string;
  name: string;
}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

export function decodeContinue(text: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    if (Number.isSafeInteger(t.rv) && typeof t.ns === 'string' && typeof t.name === 'string' && t.rv! > 0) {
      return { rv: t.rv!, ns: t.ns, name: t.name };
    }
  } catch {
    // falls through to the error below
  }
  throw new StorageError('InvalidContinue', `continue key is not valid: ${JSON.stringify(text)}`);
}

interface Row {
  ns: string;
  name: string;
  rev: number;
  value: string;
}

// Keys are compared as (namespace, name). SQLite's BINARY order equals JS string order for the ASCII
// names Kubernetes allows (DNS-1123 labels and subdomains).
function compareKey(aNs: string, aName: string, bNs: string, bName: string): number {
  if (aNs !== bNs) return aNs < bNs ? -1 : 1;
  return aName < bName ? -1 : aName > bName ? 1 : 0;
}

export interface ListContext {
  stmts: Statements;
  currentRevision: number;
  compactedRevision: number;
}

export function listObjects(ctx: ListContext, prefix: ResourcePrefix, options: ListOptions = {}): ListResult {
  const ns = prefix.namespace ?? '';
  let revision = options.revision && options.revision > 0 ? options.revision : ctx.currentRevision;
  let after = { ns: '', name: '' };
  if (options.continue) {
    const token = decodeContinue(options.continue);
    revision = token.rv;
    after = { ns: token.ns, name: token.name };
  }
  if (revision > ctx.currentRevision) revision = ctx.currentRevision;
  if (revision < ctx.compactedRevision) {
    const message = options.continue
      ? `the revision of the continue token (${revision}) has been compacted (${ctx.compactedRevision})`
      : `too old resource version: ${revision} (${ctx.compactedRevision})`;
    throw new StorageError('Expired', message, ctx.compactedRevision);
  }
  const limit = options.limit && options.limit > 0 ? options.limit : 0;
  const rows =
    revision === ctx.currentRevision
      ? scanCurrent(ctx.stmts, prefix, ns, after, limit ? limit + 1 : -1)
      : scanAtRevision(ctx.stmts, prefix, ns, after, limit, revision);
  const items: StoredObject[] = [];
  const n = limit && rows.length > limit ? limit : rows.length;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    items.push({
      key: { cluster: prefix.cluster, group: prefix.group, resource: prefix.resource, namespace: row.ns, name: row.name },
      revision: row.rev,
      json: row.value,
    });
  }
  const result: ListResult = { items, revision };
  if (limit && rows.length > limit) {
    const last = rows[limit - 1];
    result.continue = encodeContinue({ rv: revision, ns: last.ns, name: last.name });
    result.remainingItemCount = countAfter(ctx, prefix, ns, { ns: last.ns, name: last.name }, revision);
  }
  return result;
}

function scanCurrent(
  stmts: Statements,
  prefix: ResourcePrefix,
  ns: string,
  after: { ns: string; name: string },
  limit: number,
): Row[] {
  const { cluster, group, resource } = prefix;
  if (ns !== '') {
    const afterName = after.ns === ns ? after.name : after.ns < ns ? '' : '\uffff';
    return stmts.listNs.all(cluster, group, resource, ns, afterName, limit) as unknown as Row[];
  }
  return stmts.listAll.all(cluster, group, resource, after.ns, after.name, limit) as unknown as Row[];
}

interface Correction {
  ns: string;
  name: string;
  /** The key's state at the listed revision; null = it did not exist then. */
  state: Row | null;
}

/** For every key of the prefix written after `revision`: its state as of `revision`. */
function corrections(stmts: Statements, prefix: ResourcePrefix, ns: string, revision: number): Map<string, Correction> {
  const { cluster, group, resource } = prefix;
  const changes = (
    ns !== ''
      ? stmts.changesNs.all(revision, cluster, group, resource, ns)
      : stmts.changesAll.all(revision, cluster, group, resource)
  ) as unknown as { rev: number; ns: string; name: string; type: number; prev_rev: number }[];
  const out = new Map<string, Correction>();
  for (const c of changes) {
    const id = `${c.ns}\u0000${c.name}`;
    if (out.has(id)) continue; // only the first change after `revision` tells the state at `revision`
    let state: Row | null = null;
    if (c.type !== EVENT_ADDED && c.prev_rev > 0) {
      const prev = stmts.logValue.get(c.prev_rev) as { value: string } | undefined;
      if (prev) state = { ns: c.ns, name: c.name, rev: c.prev_rev, value: prev.value };
    }
    out.set(id, { ns: c.ns, name: c.name, state });
  }
  return out;
}

function scanAtRevision(
  stmts: Statements,
  prefix: ResourcePrefix,
  ns: string,
  after: { ns: string; name: string },
  limit: number,
  revision: number,
): Row[] {
  const fixes = [...corrections(stmts, prefix, ns, revision).values()]
    .filter((c) => compareKey(c.ns, c.name, after.ns, after.name) > 0)
    .sort((a, b) => compareKey(a.ns, a.name, b.ns, b.name));
  // Corrections can hide at most fixes.length current rows, so this many rows always suffice.
  const rows = scanCurrent(stmts, prefix, ns, after, limit ? limit + 1 + fixes.length : -1);
  const out: Row[] = [];
  let i = 0;
  let j = 0;
  const want = limit ? limit + 1 : Infinity;
  while (out.length < want && (i < rows.length || j < fixes.length)) {
    const row = rows[i];
    const fix = fixes[j];
    const order = !row ? 1 : !fix ? -1 : compareKey(row.ns, row.name, fix.ns, fix.name);
    if (order < 0) {
      out.push(row);
      i++;
      continue;
    }
    if (order === 0) i++; // the current state is replaced by the older one
    if (fix.state) out.push(fix.state);
    j++;
  }
  return out;
}

function countAfter(
  ctx: ListContext,
  prefix: ResourcePrefix,
  ns: string,
  after: { ns: string; name: string },
  revision: number,
): number {
  const { stmts } = ctx;
  const { cluster, group, resource } = prefix;
  const row = (
    ns !== ''
      ? stmts.countNsAfter.get(cluster, group, resource, ns, after.name)
      : stmts.countAllAfter.get(cluster, group, resource, after.ns, after.name)
  ) as { n: number };
  let n = row.n;
  if (revision === ctx.currentRevision) return n;
  for (const fix of corrections(stmts, prefix, ns, revision).values()) {
    if (compareKey(fix.ns, fix.name, after.ns, after.name) <= 0) continue;
    const now = stmts.getCurrent.get(cluster, group, resource, fix.ns, fix.name);
    n += (fix.state ? 1 : 0) - (now ? 1 : 0);
  }
  return n;
}
