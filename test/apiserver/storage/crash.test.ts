import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openStore } from '../../../src/apiserver/storage/sqlite-store.ts';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('every write acknowledged before SIGKILL is still there after reopening', async () => {
  dir = await mkdtemp(join(tmpdir(), 'store-crash-'));
  const writer = join(import.meta.dirname, 'fixtures', 'crash-writer.ts');
  const child = spawn(process.execPath, [writer, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked = new Map<string, number>();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^ack (\d+) (\S+)$/.exec(line);
        if (m) acked.set(m[2], Number(m[1]));
      }
      // Kill while the writer is mid-stream, well after it has started.
      if (acked.size >= 2000 && child.exitCode === null && !child.killed) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`writer exited before it was killed: ${stderr}`)));
  }).catch((err: unknown) => {
    if (!child.killed) throw err;
  });
  expect(await exited).toBe('SIGKILL');

  const store = openStore({ dataDir: dir, compactIntervalMs: 0 });
  try {
    const maxAcked = Math.max(...acked.values());
    expect(store.currentRevision()).toBeGreaterThanOrEqual(maxAcked);
    for (const [name, revision] of acked) {
      const got = store.get({ cluster: '', group: '', resource: 'configmaps', namespace: 'crash', name });
      expect(got?.revision, name).toBe(revision);
    }
    // Writes continue from the surviving revision counter.
    const next = store.create(
      { cluster: '', group: '', resource: 'configmaps', namespace: 'crash', name: 'after-restart' },
      { metadata: { name: 'after-restart' } },
    );
    expect(next.revision).toBe(store.currentRevision());
    expect(next.revision).toBeGreaterThan(maxAcked);
  } finally {
    store.close();
  }
});
