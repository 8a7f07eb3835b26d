import { controlVerdict, summarise, worstVerdict, type RuleOutcome } from './status';

const outcomes =
  (table: Record<string, Partial<RuleOutcome>>) =>
  (id: string): RuleOutcome => ({ failing: 0, accepted: 0, ...table[id] });

describe('controlVerdict', () => {
  it('fails on one failing rule, whatever the others say', () => {
    const v = controlVerdict(
      {},
      ['a', 'b', 'c'],
      outcomes({ a: { notJudged: 'managed' }, b: { accepted: 2 }, c: { failing: 1 } }),
    );
    expect(v).toEqual({ status: 'FAIL' });
  });

  it('is an accepted risk when every open finding is excepted', () => {
    expect(controlVerdict({}, ['a', 'b'], outcomes({ a: { accepted: 1 } }))).toEqual({ status: 'ACCEPTED_RISK' });
  });

  it('passes only when every rule judged and found nothing; otherwise says which rule could not, and why', () => {
    expect(controlVerdict({}, ['a', 'b'], outcomes({}))).toEqual({ status: 'PASS' });
    expect(controlVerdict({}, ['a', 'b'], outcomes({ b: { notJudged: 'no trusted registries configured' } }))).toEqual({
      status: 'NOT_EVALUABLE',
      reason: 'b: no trusted registries configured',
    });
  });

  it('passes on the state rules when a drift rule had no history to judge (a first snapshot), and fails when it fires', () => {
    const ids = ['namespace-without-network-policy', 'network-policy-last-removed'];
    expect(
      controlVerdict({}, ids, outcomes({ 'network-policy-last-removed': { notJudged: 'no earlier snapshot' } })),
    ).toEqual({ status: 'PASS' });
    expect(controlVerdict({}, ids, outcomes({ 'network-policy-last-removed': { failing: 1 } }))).toEqual({
      status: 'FAIL',
    });
  });

  it('reports a control no rule judges as manual or not evaluable, with its reason', () => {
    const outcome = () => {
      throw new Error('no rule to ask');
    };
    expect(controlVerdict({ unjudged: { kind: 'MANUAL', reason: 'record it' } }, [], outcome)).toEqual({
      status: 'MANUAL',
      reason: 'record it',
    });
    expect(controlVerdict({ unjudged: { kind: 'NOT_EVALUABLE', reason: 'on the nodes' } }, [], outcome)).toEqual({
      status: 'NOT_EVALUABLE',
      reason: 'on the nodes',
    });
  });
});

describe('worstVerdict', () => {
  it('takes the worst cluster, and merges the reasons of those not evaluable', () => {
    expect(worstVerdict([{ status: 'PASS' }, { status: 'ACCEPTED_RISK' }, { status: 'FAIL' }])).toEqual({
      status: 'FAIL',
    });
    expect(
      worstVerdict([
        { status: 'PASS' },
        { status: 'NOT_EVALUABLE', reason: 'x' },
        { status: 'NOT_EVALUABLE', reason: 'y' },
        { status: 'NOT_EVALUABLE', reason: 'x' },
      ]),
    ).toEqual({ status: 'NOT_EVALUABLE', reason: 'x; y' });
    expect(worstVerdict([])).toEqual({ status: 'NOT_EVALUABLE', reason: 'no cluster has been evaluated' });
  });
});

describe('summarise', () => {
  it('counts each status; the percentage is of evaluable controls, accepted risks passing', () => {
    expect(summarise(['PASS', 'PASS', 'ACCEPTED_RISK', 'FAIL', 'NOT_EVALUABLE', 'MANUAL', 'MANUAL'])).toEqual({
      pass: 2,
      fail: 1,
      acceptedRisk: 1,
      notEvaluable: 1,
      manual: 2,
      percentage: 75,
    });
    expect(summarise(['PASS', 'FAIL', 'FAIL']).percentage).toBe(33.33);
    expect(summarise(['MANUAL', 'NOT_EVALUABLE']).percentage).toBeNull();
  });
});
