// Integers just below i64's minimum stay exact: they are not rounded through float64 onto i64.MIN.
import { describe, expect, it } from 'vitest';
import { value } from './rego.ts';

describe('integers beyond i64 on the negative side', () => {
  it('sums and subtracts past i64.MIN exactly', async () => {
    expect(await value('sprintf("%v", [sum([-9223372036854775808, -1])])')).toBe('-9223372036854775809');
    expect(await value('sprintf("%v", [-9223372036854775807 - 3])')).toBe('-9223372036854775810');
    expect(await value('sprintf("%d", [-9223372036854775809])')).toBe('-9223372036854775809');
    expect(await value('sprintf("%v", [-9223372036854775808])')).toBe('-9223372036854775808');
  });

  it('compares them with i64.MIN as different numbers', async () => {
    expect(await value('-9223372036854775809 < -9223372036854775808')).toBe(true);
    expect(await value('sum([-9223372036854775808, -1]) == -9223372036854775808')).toBe(false);
  });
});
