// The storage contract of the embedded API server: a kine-style revision log on SQLite.
// One global revision counter is the resourceVersion of every object in every virtual cluster.
//
// Objects are kept as JSON text so that lists and watches can be served without re-parsing.
// The store stamps `metadata.resourceVersion` (as a decimal string) into every object it writes;
// everything else in the object is the caller's business.

/** Identifies one stored object. `cluster` is '' for the hub and the virtual cluster name otherwise;
 *  `group` is '' for the core group; `namespace` is '' for cluster-scoped kinds. */
export interface ObjectKey {
  cluster: string;
  group: string;
  resource: string;
  namespace: string;
  name: string;
}

/** Selects every object of one resource, optionally within one namespace ('' or undefined = all). */
export interface ResourcePrefix {
  cluster: string;
  group: string;
  resource: string;
  namespace?: string;
}

export interface StoredObject {
  key: ObjectKey;
  /** Revision of the write that produced this state (= metadata.resourceVersion). */
  revision: number;
  /** The object as JSON text, with metadata.resourceVersion already stamped. */
  json: string;
}

export interface ListOptions {
  /** Maximum number of items to return; 0/undefined = no limit. */
  limit?: number;
  /** Opaque token from a previous page's `continue`. */
  continue?: string;
  /** Serve the list as of this revision (must be >= compacted revision); default: current. */
  revision?: number;
}

export interface ListResult {
  items: StoredObject[];
  /** The revision the list is consistent with (the list's metadata.resourceVersion). */
  revision: number;
  /** Set when more items remain; pass back as ListOptions.continue. */
  continue?: string;
  /** Number of items left after this page, when `continue` is set. */
  remainingItemCount?: number;
}

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: StoreEventType;
  key: ObjectKey;
  revision: number;
  /** Object state after the event (for DELETED: the last state, stamped with the deletion revision). */
  json: string;
  /** Object state before the event (MODIFIED and DELETED only). */
  prevJson?: string;
}

export interface WatchOptions {
  /** Deliver every event with revision > fromRevision. Must be >= compactedRevision(), else StorageError 'Expired'. */
  fromRevision: number;
}

export interface Watcher {
  stop(): void;
}

/** 'InvalidContinue': a list's `continue` token could not be decoded (kube answers 400 BadRequest). */
export type StorageErrorReason = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired' | 'InvalidContinue';

export class StorageError extends Error {
  readonly reason: StorageErrorReason;
  /** For Conflict: the current revision of the object; for Expired: the compacted revision. */
  readonly revision?: number;
  constructor(reason: StorageErrorReason, message: string, revision?: number) {
    super(message);
    this.name = 'StorageError';
    this.reason = reason;
    this.revision = revision;
  }
}

export interface Store {
  /** The newest revision written (0 on an empty store). */
  currentRevision(): number;
  /** Events at or below this revision are gone; watches from older revisions get 'Expired'. */
  compactedRevision(): number;

  get(key: ObjectKey): StoredObject | undefined;
  list(prefix: ResourcePrefix, options?: ListOptions): ListResult;
  /** Counts objects under a prefix (used e.g. to decide whether a namespace is empty). */
  count(prefix: ResourcePrefix): number;

  /** Creates the object; StorageError 'AlreadyExists' if the key exists. Returns the stored state. */
  create(key: ObjectKey, object: Record<string, unknown>): StoredObject;
  /** Replaces the object. With expectedRevision set, StorageError 'Conflict' unless it matches the stored revision.
   *  StorageError 'NotFound' if absent. */
  update(key: ObjectKey, object: Record<string, unknown>, expectedRevision?: number): StoredObject;
  /** Deletes the object; returns its last state stamped with the deletion revision. 'NotFound' / 'Conflict' as update. */
  delete(key: ObjectKey, expectedRevision?: number): StoredObject;

  /** Streams events for one resource prefix, in revision order, starting after options.fromRevision.
   *  Events are delivered synchronously after the write commits, in commit order. Events already in the log
   *  (fromRevision < currentRevision()) are replayed synchronously inside this call, before it returns. */
  watch(prefix: ResourcePrefix, options: WatchOptions, onEvent: (event: StoreEvent) => void): Watcher;

  /** Live events of every cluster and resource, from now on (for in-server controllers). Synchronous like watch. */
  watchAll(onEvent: (event: StoreEvent) => void): Watcher;

  /** Removes history older than `revision` (keeps every object's latest state). */
  compact(revision: number): void;

  /** Removes every object (and its history) of a virtual cluster. */
  dropCluster(cluster: string): void;

  close(): void;
}
