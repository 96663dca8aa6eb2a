// Matching one PolicyRule against request attributes, with kube RBAC's exact wildcard semantics.
import type { Attributes, PolicyRule } from './types.ts';

function hasOrStar(list: string[] | undefined, value: string): boolean {
  if (!list) return false;
  for (const item of list) if (item === '*' || item === value) return true;
  return false;
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return hasOrStar(rule.verbs, verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return hasOrStar(rule.apiGroups, group);
}

/** `*` matches everything including subresources; `*\/sub` matches any resource's `sub`; `pods/*` is literal. */
export function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const resources = rule.resources;
  if (!resources) return false;
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of resources) {
    if (r === '*' || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

/** An empty resourceNames list matches any name; a non-empty one never matches an empty request name. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames;
  if (!names || names.length === 0) return true;
  return name !== '' && names.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  const urls = rule.nonResourceURLs;
  if (!urls) return false;
  for (const u of urls) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

export function ruleAllows(rule: PolicyRule, attrs: Attributes): boolean {
  if (attrs.resourceRequest) {
    return (
      verbMatches(rule, attrs.verb) &&
      apiGroupMatches(rule, attrs.apiGroup) &&
      resourceMatches(rule, attrs.resource, attrs.subresource) &&
      resourceNameMatches(rule, attrs.name)
    );
  }
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
}
