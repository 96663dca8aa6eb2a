// Status conditions as kube controllers write them: set by type, and keep lastTransitionTime unless the status flips.

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** RFC 3339 without fractional seconds, as the API server writes times. */
export function nowTimestamp(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function findCondition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isConditionTrue(conditions: Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/**
 * Returns the conditions with `next` set. The transition time changes only when the status changes;
 * returns the same array (by identity) when nothing changed, so callers can skip the write.
 */
export function setCondition(conditions: Condition[] | undefined, next: Condition, now: Date = new Date()): Condition[] {
  const list = conditions ?? [];
  const i = list.findIndex((c) => c.type === next.type);
  if (i < 0) return [...list, { ...next, lastTransitionTime: next.lastTransitionTime ?? nowTimestamp(now) }];
  const old = list[i];
  const merged: Condition = {
    ...next,
    lastTransitionTime: old.status === next.status ? old.lastTransitionTime : (next.lastTransitionTime ?? nowTimestamp(now)),
  };
  if (
    old.status === merged.status &&
    old.reason === merged.reason &&
    old.message === merged.message &&
    old.observedGeneration === merged.observedGeneration &&
    old.lastTransitionTime === merged.lastTransitionTime
  ) {
    return list;
  }
  const out = [...list];
  out[i] = merged;
  return out;
}

export function removeCondition(conditions: Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}
