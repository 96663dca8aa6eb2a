// Shared helpers for store tests: a fresh store in a temp dir, and short-hand keys.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type StoreOptions } from '../../../src/apiserver/storage/sqlite-store.ts';
import type { ObjectKey, Store } from '../../../src/apiserver/storage/types.ts';

export interface TempStore {
  store: Store;
  dir: string;
  reopen(options?: Partial<StoreOptions>): Store;
  cleanup(): void;
}

export function tempStore(options: Partial<StoreOptions> = {}): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  const t: TempStore = {
    dir,
    store: openStore({ compactIntervalMs: 0, ...options, dataDir: dir }),
    reopen(more = {}) {
      t.store.close();
      t.store = openStore({ compactIntervalMs: 0, ...options, ...more, dataDir: dir });
      return t.store;
    },
    cleanup() {
      t.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

export function cm(namespace: string, name: string, cluster = ''): ObjectKey {
  return { cluster, group: '', resource: 'configmaps', namespace, name };
}

export function cmBody(namespace: string, name: string, data: Record<string, string> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

export function parse(json: string): { metadata: { name: string; resourceVersion: string }; data?: Record<string, string> } {
  return JSON.parse(json) as { metadata: { name: string; resourceVersion: string }; data?: Record<string, string> };
}
