import { evidenceFileName, parseEvidenceQuery } from './evidence-query';

describe('parseEvidenceQuery', () => {
  it('takes a framework, a moment and clusters separated by commas', () => {
    expect(parseEvidenceQuery({ framework: 'cis-1.10', at: '2026-03-01T00:00:00+01:00', clusterIds: 'a, b,' })).toEqual(
      {
        framework: 'cis-1.10',
        at: new Date('2026-02-28T23:00:00Z'),
        clusterIds: ['a', 'b'],
      },
    );
    expect(parseEvidenceQuery({ framework: 'pss-baseline' })).toEqual({ framework: 'pss-baseline' });
  });

  it('names the parameter that is missing, repeated, malformed or unknown', () => {
    expect(parseEvidenceQuery({})).toMatchObject({ field: 'framework' });
    expect(parseEvidenceQuery({ framework: ['a', 'b'] })).toMatchObject({ field: 'framework' });
    expect(parseEvidenceQuery({ framework: 'x'.repeat(101) })).toMatchObject({ field: 'framework' });
    expect(parseEvidenceQuery({ framework: 'a', at: '2026-02-30T00:00:00Z' })).toMatchObject({ field: 'at' });
    expect(parseEvidenceQuery({ framework: 'a', at: '2026-03-01' })).toMatchObject({ field: 'at' });
    expect(parseEvidenceQuery({ framework: 'a', at: { gt: '1' } })).toMatchObject({ field: 'at' });
    expect(parseEvidenceQuery({ framework: 'a', clusterIds: ['x', 'y'] })).toMatchObject({ field: 'clusterIds' });
    expect(parseEvidenceQuery({ framework: 'a', clusterIds: ' , ' })).toMatchObject({ field: 'clusterIds' });
    expect(parseEvidenceQuery({ framework: 'a', clusterIds: 'x,'.repeat(20_001) })).toMatchObject({
      field: 'clusterIds',
      problem: 'is too long',
    });
    expect(parseEvidenceQuery({ framework: 'a', filter: '{}' })).toEqual({
      field: 'filter',
      problem: 'is not a parameter (framework, at, clusterIds)',
    });
  });
});

describe('evidenceFileName', () => {
  it('says the framework and the moment, in characters every file system takes', () => {
    const at = new Date('2026-03-01T12:34:56.789Z');
    expect(evidenceFileName('cis-1.10', at, 'pdf')).toBe('kubeward-cis-1.10-20260301T123456Z.pdf');
    expect(evidenceFileName('pss/x"y', at, 'oscal')).toBe('kubeward-pss_x_y-20260301T123456Z.oscal.json');
  });
});
