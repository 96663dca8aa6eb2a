// Write helpers for level-driven reconcilers:
// - createOrUpdate: read the latest object, let a mutate function shape it, write only when it changed,
//   and start over from a fresh read when another writer got there first (409);
// - serverSideApply: PATCH application/apply-patch+yaml with a field manager, for objects a controller owns.
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject, ResourceClient } from './client.ts';
import { isAlreadyExists, isConflict } from './errors.ts';

export type Operation = 'created' | 'updated' | 'unchanged';

export interface WriteResult<T> {
  object: T;
  operation: Operation;
}

export interface RetryOptions {
  /** Attempts before the last conflict is thrown (default 10). */
  attempts?: number;
  fieldManager?: string;
}

/**
 * Makes the object `namespace/name` look the way `mutate` says. `mutate` receives a copy of the current object
 * (undefined when it does not exist) and returns the desired one, or undefined to leave things as they are.
 * It may run several times (once per conflict), so it must derive everything from its argument.
 */
export async function createOrUpdate<T extends KubeObject>(
  resource: ResourceClient<T>,
  key: { name: string; namespace?: string },
  mutate: (current: T | undefined) => T | undefined | Promise<T | undefined>,
  options: RetryOptions = {},
): Promise<WriteResult<T> | undefined> {
  return withConflictRetry(options.attempts, async () => {
    const current = await resource.getOrUndefined(key.name, key.namespace);
    const desired = await mutate(current === undefined ? undefined : structuredClone(current));
    if (desired === undefined) return current === undefined ? undefined : { object: current, operation: 'unchanged' as const };
    const meta = (desired.metadata ??= {});
    meta.name ??= key.name;
    if (key.namespace !== undefined) meta.namespace ??= key.namespace;
    if (current === undefined) {
      return { object: await resource.create(desired, { fieldManager: options.fieldManager }), operation: 'created' as const };
    }
    if (isDeepStrictEqual(current, desired)) return { object: current, operation: 'unchanged' as const };
    meta.resourceVersion = current.metadata?.resourceVersion;
    return { object: await resource.update(desired, { fieldManager: options.fieldManager }), operation: 'updated' as const };
  });
}

/**
 * Read-modify-write of the status subresource (or of the main object) of an existing object, retried on
 * conflict. `mutate` edits the copy in place or returns a replacement; nothing is written when it is unchanged.
 */
export async function updateWithRetry<T extends KubeObject>(
  resource: ResourceClient<T>,
  key: { name: string; namespace?: string },
  mutate: (obj: T) => T | void | Promise<T | void>,
  options: RetryOptions & { status?: boolean } = {},
): Promise<WriteResult<T>> {
  return withConflictRetry(options.attempts, async () => {
    const current = await resource.get(key.name, key.namespace);
    const copy = structuredClone(current);
    const desired = (await mutate(copy)) ?? copy;
    if (isDeepStrictEqual(current, desired)) return { object: current, operation: 'unchanged' as const };
    (desired.metadata ??= {}).resourceVersion = current.metadata?.resourceVersion;
    const write = options.status ? resource.updateStatus(desired, options) : resource.update(desired, options);
    return { object: await write, operation: 'updated' as const };
  });
}

/** Server-side apply: the server merges `obj` into the live object and records `fieldManager` as owner. */
export function serverSideApply<T extends KubeObject>(resource: ResourceClient<T>, obj: T, options: { fieldManager: string; force?: boolean }): Promise<T> {
  return resource.apply(obj, { fieldManager: options.fieldManager, force: options.force ?? true });
}

async function withConflictRetry<R>(attempts = 10, fn: () => Promise<R>): Promise<R> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      // a stale resourceVersion, or a create that lost to another creator: re-read and try again
      if (!(isConflict(err) || isAlreadyExists(err)) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.min(5 * 2 ** i, 200) * Math.random()));
    }
  }
}
