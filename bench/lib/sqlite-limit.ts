// The ceiling for the API server's write rate: raw node:sqlite single-row insert transactions per second,
// with exactly the durability settings the store uses.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/apiserver/storage/sqlite-pragmas.ts';

// A value about the size of a small ConfigMap as the server stores it.
const sampleValue = JSON.stringify({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'bench-000000',
    namespace: 'bench',
    uid: '3f1c1f5e-9a55-4c1a-9a37-7b0d7e3f0c11',
    resourceVersion: '123456',
    creationTimestamp: '2026-01-01T00:00:00Z',
  },
  data: { key: 'value', other: 'some longer value to make the row realistic' },
});

export function measureSqliteInsertLimit(dir: string, durationMs: number): number {
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(join(dir, `sqlite-limit-${process.pid}-${Date.now()}.db`));
  try {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    let n = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < durationMs) {
      // Each autocommit INSERT is one transaction; check the clock every 64 to keep the loop tight.
      for (let i = 0; i < 64; i++) insert.run(`k${n++}`, sampleValue);
      elapsed = performance.now() - start;
    }
    return n / (elapsed / 1000);
  } finally {
    db.close();
  }
}
