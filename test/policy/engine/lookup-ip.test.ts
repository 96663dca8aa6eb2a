// Only IP literals and localhost (answered from the hosts file): no traffic leaves the machine.
import { describe, expect, it } from 'vitest';
import { error, value } from './rego-eval.ts';

describe('net.lookup_ip_addr', () => {
  it('returns an IP literal as itself and resolves localhost', async () => {
    expect(await value('net.lookup_ip_addr("10.0.0.0")')).toEqual(['10.0.0.0']);
    expect(await value('net.lookup_ip_addr("::")')).toEqual(['::']);
    const local = (await value('net.lookup_ip_addr("localhost")')) as string[];
    expect(local.length).toBeGreaterThan(0);
    expect(local.every((a) => a === '127.0.0.1' || a === '::1')).toBe(true);
    expect(await error('net.lookup_ip_addr(1)')).toBe('eval_type_error: net.lookup_ip_addr: operand 1 must be string but got number');
  });
});
