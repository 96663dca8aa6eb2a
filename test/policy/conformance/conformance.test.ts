// Runs both conformance corpora through the engine and enforces the checked-in passing lists:
// every case listed in passing-rego.txt / passing-gatekeeper.txt must still pass. The lists only
// grow (`npm run conformance -- --cases DIR --write-passing FILE` regenerates one).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runConformance } from '../../../src/policy/engine/conformance/run.ts';
import type { CaseOutcome } from '../../../src/policy/engine/conformance/rego-cases.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const shared = here('../../../../shared/conformance/');

function listed(file: string): string[] {
  return readFileSync(here(file), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
}

function regressions(ids: string[], outcomes: CaseOutcome[]): string[] {
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  return ids.filter((id) => !byId.get(id)?.ok).map((id) => `${id}: ${byId.get(id)?.reason ?? 'not run (case missing)'}`);
}

describe('conformance', () => {
  it('keeps every case on the passing lists passing', { timeout: 900_000 }, async () => {
    expect(existsSync(`${shared}rego`), 'the OPA case corpus is at ../shared/conformance/rego').toBe(true);
    const result = await runConformance({ regoDir: `${shared}rego`, gatekeeperDir: `${shared}gatekeeper-library`, workers: 2 });
    const count = (o: CaseOutcome[]) => `${o.filter((x) => x.ok).length}/${o.length}`;
    console.log(`conformance: rego ${count(result.rego)}, gatekeeper ${count(result.gatekeeper)}`);
    expect(result.rego.length).toBe(4227);
    expect(result.gatekeeper.length).toBe(270);
    const failed = [...regressions(listed('passing-rego.txt'), result.rego), ...regressions(listed('passing-gatekeeper.txt'), result.gatekeeper)];
    expect(failed, `listed cases that no longer pass:\n${failed.join('\n')}`).toEqual([]);
  });
});
