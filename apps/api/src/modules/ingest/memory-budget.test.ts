import { expectedBytes, MemoryBudget } from './memory-budget';

const LIMITS = { maxBytes: 32_000_000, maxCompressedBytes: 8_000_000 };

describe('MemoryBudget', () => {
  it('charges what is taken beyond a reservation, refuses past the limit, and gives everything back', () => {
    const budget = new MemoryBudget(100);
    const a = budget.lease();
    a.reserve(60);
    a.take(50); // within the reservation
    expect(budget.inUse).toBe(60);
    a.take(20); // 10 beyond it
    expect(budget.inUse).toBe(70);
    const b = budget.lease();
    expect(() => b.reserve(40)).toThrow(/busy taking other snapshots; retry in 5 s/);
    b.take(30);
    expect(() => b.take(1)).toThrow(/retry in 5 s/);
    a.release();
    b.release();
    expect(budget.inUse).toBe(0);
  });
});

describe('expectedBytes', () => {
  it('expects a body, inflated at most to the limit, and its parsing', () => {
    expect(expectedBytes(1_000, false, LIMITS)).toBe(4_000);
    expect(expectedBytes(100_000, true, LIMITS)).toBe(100_000 + 4_000_000 * 4);
    expect(expectedBytes(800_000, true, LIMITS)).toBe(800_000 + 32_000_000 * 4);
  });

  it('expects the most a request could hold when it does not say its length', () => {
    expect(expectedBytes(undefined, true, LIMITS)).toBe(8_000_000 + 128_000_000);
    expect(expectedBytes(undefined, false, LIMITS)).toBe(128_000_000);
    expect(expectedBytes(Number.NaN, false, LIMITS)).toBe(128_000_000);
  });
});
