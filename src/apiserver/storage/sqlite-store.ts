// The embedded API server's storage: a kine-style revision log on node:sqlite (see schema.ts).
// One process owns a data directory; every write is one transaction, and its event is fanned out to
// watchers synchronously right after the commit, so watchers see writes in revision order.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { listObjects } from './list-query.ts';
import { openDatabase, type Durability } from './sqlite-pragmas.ts';
import { createSchema, EVENT_ADDED, EVENT_DELETED, EVENT_MODIFIED, prepareStatements, type Statements } from './schema.ts';
import { Retention, type RetentionOptions } from './retention.ts';
import {
  StorageError,
  type ListOptions,
  type ListResult,
  type ObjectKey,
  type ResourcePrefix,
  type Store,
  type StoreEvent,
  type StoreEventType,
  type StoredObject,
  type WatchOptions,
  type Watcher,
} from './types.ts';
import { WatchHub, type Subscription } from './watch-hub.ts';

export interface StoreOptions extends RetentionOptions {
  dataDir: string;
  /** 'process' (default): acknowledged writes survive a crash of the process; 'power': also power loss. */
  durability?: Durability;
  /** Called when a watcher's callback throws (that watcher is stopped). Default: process.emitWarning. */
  onWatcherError?: (err: unknown) => void;
}

export const DATABASE_FILE = 'state.db';

/** Revisions compacted per slice by automatic compaction. */
const COMPACTION_STEP = 20_000;

const EVENT_TYPES: StoreEventType[] = ['ADDED', 'MODIFIED', 'DELETED'];

export function openStore(options: StoreOptions): Store {
  return new SqliteStore(options);
}

function describe(key: ObjectKey): string {
  const gr = key.group ? `${key.resource}.${key.group}` : key.resource;
  const where = key.cluster ? ` in cluster ${JSON.stringify(key.cluster)}` : '';
  const ns = key.namespace ? `${key.namespace}/` : '';
  return `${gr} "${ns}${key.name}"${where}`;
}

function stamp(object: Record<string, unknown>, revision: number): string {
  const meta = object.metadata;
  const metadata = meta && typeof meta === 'object' && !Array.isArray(meta) ? meta : {};
  return JSON.stringify({ ...object, metadata: { ...metadata, resourceVersion: String(revision) } });
}

function restamp(json: string, revision: number): string {
  return stamp(JSON.parse(json) as Record<string, unknown>, revision);
}

class SqliteStore implements Store {
  private readonly db: DatabaseSync;
  private readonly stmts: Statements;
  private readonly hub: WatchHub;
  private readonly retention: Retention;
  private revision: number;
  private compacted: number;
  private closed = false;

  constructor(options: StoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.db = openDatabase(join(options.dataDir, DATABASE_FILE), options.durability ?? 'process');
    createSchema(this.db);
    this.stmts = prepareStatements(this.db);
    this.compacted = this.meta('compacted');
    const maxLog = (this.stmts.maxLogRev.get() as { rev: number }).rev;
    this.revision = Math.max(maxLog, this.meta('floor'), this.compacted);
    this.hub = new WatchHub(options.onWatcherError ?? ((err) => process.emitWarning(`store watcher failed: ${String(err)}`)));
    this.retention = new Retention(options, () => this.revision, (rev) => this.compactInSteps(rev));
  }

  currentRevision(): number {
    return this.revision;
  }

  compactedRevision(): number {
    return this.compacted;
  }

  get(key: ObjectKey): StoredObject | undefined {
    const row = this.stmts.getCurrent.get(key.cluster, key.group, key.resource, key.namespace, key.name) as
      | { rev: number; value: string }
      | undefined;
    return row ? { key: { ...key }, revision: row.rev, json: row.value } : undefined;
  }

  list(prefix: ResourcePrefix, options?: ListOptions): ListResult {
    const ctx = { stmts: this.stmts, currentRevision: this.revision, compactedRevision: this.compacted };
    return listObjects(ctx, prefix, options);
  }

  count(prefix: ResourcePrefix): number {
    const { cluster, group, resource } = prefix;
    const ns = prefix.namespace ?? '';
    const row = (
      ns !== ''
        ? this.stmts.countNsAfter.get(cluster, group, resource, ns, '')
        : this.stmts.countAllAfter.get(cluster, group, resource, '', '')
    ) as { n: number };
    return row.n;
  }

  create(key: ObjectKey, object: Record<string, unknown>): StoredObject {
    const rev = this.revision + 1;
    const json = stamp(object, rev);
    try {
      this.append(rev, key, EVENT_ADDED, 0, json);
    } catch (err) {
      if ((err as { errcode?: number }).errcode === 1555 /* SQLITE_CONSTRAINT_PRIMARYKEY */) {
        throw new StorageError('AlreadyExists', `${describe(key)} already exists`);
      }
      throw err;
    }
    const stored = { key: { ...key }, revision: rev, json };
    this.hub.publish({ type: 'ADDED', key: stored.key, revision: rev, json });
    return stored;
  }

  update(key: ObjectKey, object: Record<string, unknown>, expectedRevision?: number): StoredObject {
    // Reading outside the write's transaction is safe: this process is the database's only writer
    // (exclusive lock) and nothing runs between the read and the INSERT on the JS thread.
    const prev = this.existing(key, expectedRevision);
    const rev = this.revision + 1;
    const json = stamp(object, rev);
    this.append(rev, key, EVENT_MODIFIED, prev.rev, json);
    const stored = { key: { ...key }, revision: rev, json };
    this.hub.publish({ type: 'MODIFIED', key: stored.key, revision: rev, json, prevJson: prev.value });
    return stored;
  }

  delete(key: ObjectKey, expectedRevision?: number): StoredObject {
    const prev = this.existing(key, expectedRevision);
    const rev = this.revision + 1;
    const json = restamp(prev.value, rev);
    this.append(rev, key, EVENT_DELETED, prev.rev, json);
    const stored = { key: { ...key }, revision: rev, json };
    this.hub.publish({ type: 'DELETED', key: stored.key, revision: rev, json, prevJson: prev.value });
    return stored;
  }

  watch(prefix: ResourcePrefix, options: WatchOptions, onEvent: (event: StoreEvent) => void): Watcher {
    const from = options.fromRevision;
    if (from < this.compacted) {
      throw new StorageError(
        'Expired',
        `too old resource version: ${from} (${this.compacted})`,
        this.compacted,
      );
    }
    const sub = this.subscribe(onEvent, from);
    // Replay is delivered synchronously, before this returns; no write can interleave with it.
    if (from < this.revision) this.replay(prefix, sub);
    if (sub.active) sub.unsubscribe = this.hub.add({ ...prefix }, sub);
    return sub;
  }

  watchAll(onEvent: (event: StoreEvent) => void): Watcher {
    const sub = this.subscribe(onEvent, this.revision);
    sub.unsubscribe = this.hub.add(undefined, sub);
    return sub;
  }

  compact(revision: number): void {
    const target = Math.min(revision, this.revision);
    if (target <= this.compacted) return;
    const from = this.compacted;
    this.transaction(() => {
      // Rows superseded by a write at or below the target, and tombstones at or below it, are history
      // nobody can ask for any more. The newest state of every live key stays (its successor is newer).
      this.db
        .prepare('DELETE FROM log WHERE rev IN (SELECT prev_rev FROM log WHERE rev > ? AND rev <= ? AND prev_rev > 0)')
        .run(from, target);
      this.db.prepare('DELETE FROM log WHERE rev > ? AND rev <= ? AND type = ?').run(from, target, EVENT_DELETED);
      this.stmts.setMeta.run('compacted', target);
      this.stmts.setMeta.run('floor', this.revision);
    });
    this.compacted = target;
  }

  /** Automatic compaction works through a long backlog in slices, yielding to the event loop in between,
   *  so that requests are not held up for long. */
  private compactInSteps(target: number): void {
    if (this.closed || target <= this.compacted) return;
    const step = Math.min(target, this.compacted + COMPACTION_STEP);
    this.compact(step);
    if (step < target) setImmediate(() => this.compactInSteps(target)).unref();
  }

  dropCluster(cluster: string): void {
    this.transaction(() => {
      this.db.prepare('DELETE FROM current WHERE cluster = ?').run(cluster);
      this.db.prepare('DELETE FROM log WHERE cluster = ?').run(cluster);
      this.stmts.setMeta.run('floor', this.revision);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.retention.stop();
    this.db.close();
  }

  private meta(name: string): number {
    const row = this.stmts.getMeta.get(name) as { v: number } | undefined;
    return row ? row.v : 0;
  }

  private existing(key: ObjectKey, expectedRevision: number | undefined): { rev: number; value: string } {
    const prev = this.stmts.getCurrent.get(key.cluster, key.group, key.resource, key.namespace, key.name) as
      | { rev: number; value: string }
      | undefined;
    if (!prev) throw new StorageError('NotFound', `${describe(key)} not found`);
    if (expectedRevision !== undefined && expectedRevision !== prev.rev) {
      throw new StorageError(
        'Conflict',
        `${describe(key)}: expected resourceVersion ${expectedRevision}, found ${prev.rev}`,
        prev.rev,
      );
    }
    return prev;
  }

  /** One write: a single INSERT, i.e. one transaction (the triggers in schema.ts update `current`). */
  private append(rev: number, key: ObjectKey, type: number, prevRev: number, json: string): void {
    if (this.closed) throw new Error('store is closed');
    this.stmts.insertLog.run(rev, key.cluster, key.group, key.resource, key.namespace, key.name, type, prevRev, json);
    this.revision = rev;
  }

  private transaction(body: () => void): void {
    if (this.closed) throw new Error('store is closed');
    this.stmts.begin.run();
    try {
      body();
      this.stmts.commit.run();
    } catch (err) {
      this.stmts.rollback.run();
      throw err;
    }
  }

  private subscribe(onEvent: (event: StoreEvent) => void, from: number): Subscription & {
    active: boolean;
    unsubscribe?: () => void;
  } {
    const sub = {
      active: true,
      lastRevision: from,
      unsubscribe: undefined as (() => void) | undefined,
      deliver: onEvent,
      stop(): void {
        sub.active = false;
        sub.unsubscribe?.();
        sub.unsubscribe = undefined;
      },
    };
    return sub;
  }

  private replay(prefix: ResourcePrefix, sub: Subscription & { active: boolean }): void {
    const { cluster, group, resource } = prefix;
    const ns = prefix.namespace ?? '';
    const rows = (
      ns !== ''
        ? this.stmts.replayNs.all(sub.lastRevision, cluster, group, resource, ns)
        : this.stmts.replayAll.all(sub.lastRevision, cluster, group, resource)
    ) as unknown as { rev: number; ns: string; name: string; type: number; value: string; prev: string | null }[];
    for (const row of rows) {
      if (!sub.active) return;
      const event: StoreEvent = {
        type: EVENT_TYPES[row.type],
        key: { cluster, group, resource, namespace: row.ns, name: row.name },
        revision: row.rev,
        json: row.value,
      };
      if (row.prev !== null) event.prevJson = row.prev;
      sub.lastRevision = row.rev;
      sub.deliver(event);
    }
  }
}
