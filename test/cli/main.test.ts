import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';

describe('ocm CLI', () => {
  it('prints its version', () => {
    const out = execFileSync(process.execPath, ['src/cli/main.ts', '--version'], { encoding: 'utf8' });
    expect(out.trim()).toBe('0.1.0');
  });
});
