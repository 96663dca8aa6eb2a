// Host builtins whose OPA result is a set come back as sets, although JSON between the module and
// the host has no sets.
import { describe, expect, it } from 'vitest';
import { value } from './rego.ts';

describe('set results of host builtins', () => {
  it('graph.reachable and graph.reachable_paths give sets', async () => {
    const g = '{"a": ["b"], "b": ["c"], "c": [], "d": ["a"]}';
    expect(await value(`graph.reachable(${g}, {"a"}) == {"c", "b", "a"}`)).toBe(true);
    expect(await value(`is_set(graph.reachable_paths(${g}, ["d"]))`)).toBe(true);
    expect(await value(`count(graph.reachable(${g}, ["d", "a"]) | {"x"})`)).toBe(5);
  });

  it('net.lookup_ip_addr gives a set', async () => {
    expect(await value('net.lookup_ip_addr("10.1.2.3") == {"10.1.2.3"}')).toBe(true);
  });
});
