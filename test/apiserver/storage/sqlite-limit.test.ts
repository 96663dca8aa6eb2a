import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { measureSqliteInsertLimit } from '../../../bench/lib/sqlite-limit.ts';

test('measureSqliteInsertLimit reports a positive insert rate and leaves the directory usable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-limit-'));
  try {
    const rate = measureSqliteInsertLimit(dir, 100);
    expect(Number.isFinite(rate)).toBe(true);
    expect(rate).toBeGreaterThan(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
