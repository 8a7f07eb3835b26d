import { fairPriorities } from './fair-priorities';

describe('fairPriorities', () => {
  it("puts an organisation's first job ahead of another's backlog, keeping each one's arrival order", () => {
    const rows = [
      { id: 'a1', organizationId: 'A', ahead: 40 },
      { id: 'b1', organizationId: 'B', ahead: 0 },
      { id: 'a2', organizationId: 'A', ahead: 40 },
      { id: 'b2', organizationId: 'B', ahead: 0 },
      { id: 'c1', organizationId: 'C', ahead: 3 },
    ];
    expect(Object.fromEntries(fairPriorities(rows))).toEqual({ a1: 41, a2: 42, b1: 1, b2: 2, c1: 4 });
  });

  it("never passes BullMQ's lowest priority", () => {
    expect(fairPriorities([{ id: 'x', organizationId: 'A', ahead: 10_000_000 }]).get('x')).toBe(2 ** 21);
  });
});
