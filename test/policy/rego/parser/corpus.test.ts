// Parses every Rego module of the shared conformance corpora: OPA's own YAML cases (v0/ as Rego
// v0, the rest as v1) and every Rego source of the Gatekeeper library templates. A module must
// parse, unless its case expects rego_parse_error, in which case the parser must fail with that
// code. The number that behave correctly must not fall below the checked-in floor.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parseDocument } from 'yaml';
import { RegoError } from '../../../../src/policy/rego/errors.ts';
import { parseModule, type ParseOptions } from '../../../../src/policy/rego/parser.ts';
import floor from './corpus-floor.json' with { type: 'json' };

const conformance = resolve(import.meta.dirname, '../../../../../shared/conformance');

function files(dir: string, match: (name: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const f = join(dir, name);
    if (statSync(f).isDirectory()) files(f, match, out);
    else if (match(name)) out.push(f);
  }
  return out;
}

interface Outcome {
  correct: number;
  wrong: string[];
}

function check(source: string, options: ParseOptions, wantParseError: boolean, label: string, out: Outcome): void {
  let error: unknown;
  try {
    parseModule(source, options);
  } catch (e) {
    error = e;
  }
  if (error !== undefined && !(error instanceof RegoError)) throw error; // a crash is never acceptable
  const ok = wantParseError ? error instanceof RegoError && error.code === 'rego_parse_error' : error === undefined;
  if (ok) out.correct++;
  else out.wrong.push(`${label}: ${error instanceof Error ? error.message : 'parsed, but the case expects rego_parse_error'}`);
}

interface OpaCase {
  note?: string;
  modules?: string[];
  want_error_code?: string;
  experimental_keywords?: boolean;
}

describe('conformance corpora parse', () => {
  it("parses the modules of OPA's test cases", () => {
    const root = join(conformance, 'rego');
    const out: Outcome = { correct: 0, wrong: [] };
    for (const f of files(root, (n) => /\.ya?ml$/.test(n))) {
      const rel = relative(root, f);
      const regoVersion = rel.split('/').includes('v0') ? 0 : 1;
      const doc = parseAllDocuments(readFileSync(f, 'utf8'))[0];
      const cases = ((doc && !Array.isArray(doc) ? doc.toJS() : undefined)?.cases ?? []) as OpaCase[];
      for (const c of cases) {
        (c.modules ?? []).forEach((m, i) => {
          const options = { regoVersion, filename: `${rel}#${i}`, experimentalKeywords: c.experimental_keywords === true } as const;
          check(m, options, c.want_error_code === 'rego_parse_error', `${rel} ${c.note ?? ''} module ${i}`, out);
        });
      }
    }
    expect(out.wrong).toEqual([]);
    expect(out.correct).toBeGreaterThanOrEqual(floor.opaCaseModules);
  });

  it('parses every Rego source of the Gatekeeper library templates as v0', () => {
    const root = join(conformance, 'gatekeeper-library');
    const out: Outcome = { correct: 0, wrong: [] };
    for (const f of files(root, (n) => n === 'template.yaml')) {
      // One template carries a description YAML parsers disagree on; its Rego is unaffected.
      const spec = parseDocument(readFileSync(f, 'utf8'), { strict: false }).toJS()?.spec;
      const sources: string[] = [];
      for (const t of spec?.targets ?? []) {
        if (t.rego) sources.push(t.rego);
        sources.push(...(t.libs ?? []));
        for (const c of t.code ?? []) if (c.engine === 'Rego') sources.push(c.source?.rego ?? '', ...(c.source?.libs ?? []));
      }
      const rel = relative(root, f);
      sources.filter((s) => s !== '').forEach((s, i) => check(s, { regoVersion: 0, filename: `${rel}#${i}` }, false, `${rel} #${i}`, out));
    }
    expect(out.wrong).toEqual([]);
    expect(out.correct).toBeGreaterThanOrEqual(floor.gatekeeperSources);
  });
});
