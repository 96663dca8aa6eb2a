// Waiting for an object to reach a state: read it, then watch it by name from that read until `check` says done.
// Watch failures fall back to a short pause and a fresh read, so a flaky connection only delays the answer.
import type { KubeObject, ResourceClient } from '../../kube/index.ts';

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export class Stopped extends Error {
  constructor() {
    super('stopped');
  }
}

/**
 * Resolves with check's first non-undefined answer for object `name` (undefined when it does not exist).
 * `check` may throw to give up (a denied CSR, say). Rejects with Stopped when the signal aborts.
 */
export async function waitForObject<T extends KubeObject, R>(
  resource: ResourceClient<T>,
  name: string,
  check: (obj: T | undefined) => R | undefined,
  signal: AbortSignal,
  options: { namespace?: string; onError?: (err: unknown) => void } = {},
): Promise<R> {
  while (!signal.aborted) {
    try {
      const current = await resource.getOrUndefined(name, options.namespace);
      const first = check(current);
      if (first !== undefined) return first;
      const watchDone = new AbortController();
      const stop = (): void => watchDone.abort();
      signal.addEventListener('abort', stop, { once: true });
      let found: { value: R } | undefined;
      try {
        await resource.watch(
          {
            namespace: options.namespace,
            fieldSelector: `metadata.name=${name}`,
            resourceVersion: current?.metadata?.resourceVersion,
            timeoutSeconds: 60 + Math.floor(Math.random() * 30),
            signal: watchDone.signal,
          },
          (event) => {
            if (found || event.type === 'BOOKMARK' || event.type === 'ERROR') return;
            const value = check(event.type === 'DELETED' ? undefined : event.object);
            if (value !== undefined) {
              found = { value };
              watchDone.abort();
            }
          },
        );
      } finally {
        signal.removeEventListener('abort', stop);
      }
      if (found) return found.value;
    } catch (err) {
      if (signal.aborted) break;
      if (err instanceof CheckFailed) throw err.cause;
      options.onError?.(err);
      await sleep(1000 + Math.random() * 1000, signal);
    }
  }
  throw new Stopped();
}

/** Thrown from a check to end the wait with `cause`. */
export class CheckFailed extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
  }
}
