// Both conformance corpora through the pool: OPA's YAML cases and the gatekeeper-library suites.
import { join } from 'node:path';
import { listSuites, suiteCaseIds } from '../../gatekeeper/verify.ts';
import { runPool, type PoolTask } from './pool.ts';
import { folderOf, listCaseFiles, type CaseOutcome } from './rego-cases.ts';

export interface ConformanceOptions {
  /** Folder of OPA YAML cases (v0/ and v1/ below it). */
  regoDir?: string;
  /** Folder of gatekeeper-library suites. */
  gatekeeperDir?: string;
  /** Only case files / suites whose path contains this text. */
  filter?: string;
  workers?: number;
  caseTimeoutMs?: number;
  onOutcome?: (o: CaseOutcome, corpus: 'rego' | 'gatekeeper') => void;
}

export interface ConformanceResult {
  rego: CaseOutcome[];
  gatekeeper: CaseOutcome[];
}

export async function runConformance(opts: ConformanceOptions): Promise<ConformanceResult> {
  const tasks: PoolTask[] = [];
  const keep = (f: string) => !opts.filter || f.includes(opts.filter);
  if (opts.regoDir) {
    for (const file of listCaseFiles(opts.regoDir).filter(keep)) tasks.push({ kind: 'rego', root: opts.regoDir, file, from: 0 });
  }
  if (opts.gatekeeperDir) {
    for (const file of listSuites(opts.gatekeeperDir).filter(keep)) tasks.push({ kind: 'gatekeeper', root: opts.gatekeeperDir, file });
  }
  const outcomes = await runPool(tasks, {
    workers: opts.workers,
    caseTimeoutMs: opts.caseTimeoutMs,
    suiteCaseIds: (t) => suiteCaseIds(join(t.root, t.file), t.root),
    onOutcome: (o) => opts.onOutcome?.(o, o.id.includes('.yaml#') ? 'rego' : 'gatekeeper'),
  });
  const byId = (a: CaseOutcome, b: CaseOutcome) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    rego: outcomes.filter((o) => o.id.includes('.yaml#')).sort(byId),
    gatekeeper: outcomes.filter((o) => !o.id.includes('.yaml#')).sort(byId),
  };
}

export interface FolderCount {
  folder: string;
  passed: number;
  failed: number;
}

/** Pass/fail counts per folder (`v1/aggregates`, or a gatekeeper suite's folder). */
export function countByFolder(outcomes: CaseOutcome[], corpus: 'rego' | 'gatekeeper'): FolderCount[] {
  const counts = new Map<string, FolderCount>();
  for (const o of outcomes) {
    const folder = corpus === 'rego' ? folderOf(o.id.split('#')[0]) : o.id.split('/').slice(0, 2).join('/');
    const c = counts.get(folder) ?? { folder, passed: 0, failed: 0 };
    if (o.ok) c.passed++;
    else c.failed++;
    counts.set(folder, c);
  }
  return [...counts.values()].sort((a, b) => (a.folder < b.folder ? -1 : 1));
}
