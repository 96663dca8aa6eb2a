// ClusterRole aggregation: roles with an aggregationRule collect the rules of every ClusterRole their
// selectors match (sorted by name, skipping themselves, without duplicates). Repeated to a fixed point
// so chains (view -> edit -> admin) converge, as the aggregation controller's repeated passes do.
import { isDeepStrictEqual } from 'node:util';
import { labelSelectorFromObject, matchesLabels } from '../../selectors.ts';
import type { ClusterRole, PolicyRule } from './types.ts';

function aggregatedRules(target: ClusterRole, all: ClusterRole[]): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const sorted = [...all].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  for (const sel of target.aggregationRule?.clusterRoleSelectors ?? []) {
    const selector = labelSelectorFromObject(sel);
    for (const role of sorted) {
      if (role.metadata.name === target.metadata.name) continue;
      if (!matchesLabels(selector, role.metadata.labels)) continue;
      for (const rule of role.rules ?? []) if (!rules.some((r) => isDeepStrictEqual(r, rule))) rules.push(rule);
    }
  }
  return rules;
}

/** Returns the ClusterRoles whose rules change, with their new rules (empty when nothing to do). */
export function aggregateClusterRoles(roles: ClusterRole[]): ClusterRole[] {
  const current = new Map(roles.map((r) => [r.metadata.name, { ...r, rules: r.rules ?? [] }]));
  const changed = new Set<string>();
  for (let pass = 0; pass < 10; pass++) {
    let progress = false;
    const snapshot = [...current.values()];
    for (const role of snapshot) {
      if (!role.aggregationRule?.clusterRoleSelectors?.length) continue;
      const next = aggregatedRules(role, snapshot);
      if (!isDeepStrictEqual(next, role.rules)) {
        current.set(role.metadata.name, { ...role, rules: next });
        changed.add(role.metadata.name);
        progress = true;
      }
    }
    if (!progress) break;
  }
  return [...changed].map((name) => current.get(name)!);
}
