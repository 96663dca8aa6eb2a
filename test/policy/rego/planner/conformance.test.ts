// The checked-in list of conformance cases that pass through the IR interpreter must keep
// passing (the list only grows). Run with UPDATE_PASSING=1 to add newly passing cases to it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { runAll } from './conformance-cases.ts';

const listFile = resolve(import.meta.dirname, 'conformance-passing.txt');

test('conformance cases on the passing list still pass through parse, compile, plan and interpret', () => {
  const outcomes = runAll();
  const listed = existsSync(listFile) ? readFileSync(listFile, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')) : [];
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const passing = outcomes.filter((o) => o.pass);
  console.log(`conformance via IR interpreter: ${passing.length} passed, ${outcomes.length - passing.length} failed`);
  if (process.env.UPDATE_PASSING) {
    const ids = new Set([...listed, ...passing.map((o) => o.id)]);
    writeFileSync(listFile, [...ids].sort().join('\n') + '\n');
  }
  const regressions = listed.filter((id) => !byId.get(id)?.pass).map((id) => `${id}: ${byId.get(id)?.reason ?? 'case missing'}`);
  expect(regressions).toEqual([]);
  expect(listed.length).toBeGreaterThan(0);
});
