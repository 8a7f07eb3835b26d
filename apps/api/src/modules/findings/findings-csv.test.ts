import { csvRow, inert, parseExportFilter } from './findings-csv';

describe('parseExportFilter', () => {
  it('accepts a FindingFilter as JSON, or none', () => {
    expect(parseExportFilter(undefined)).toEqual({ filter: {} });
    expect(parseExportFilter('{"minSeverity":"HIGH","namespaces":["shop"],"excepted":false}')).toEqual({
      filter: { minSeverity: 'HIGH', namespaces: ['shop'], excepted: false },
    });
  });

  it('names what is wrong', () => {
    expect(parseExportFilter('{')).toEqual({ problem: 'filter: is not JSON' });
    expect(parseExportFilter('{"minSeverity":"LOUD"}')).toMatchObject({
      problem: expect.stringMatching(/^filter\.minSeverity:/),
    });
    expect(parseExportFilter('{"colour":"red"}')).toMatchObject({ problem: expect.stringMatching(/colour/) });
    expect(parseExportFilter(['a', 'b'])).toMatchObject({ problem: expect.stringMatching(/one JSON object/) });
  });
});

describe('csvRow', () => {
  it('keeps formulas from running in a spreadsheet', () => {
    expect(inert('=HYPERLINK("http://evil")')).toBe(`'=HYPERLINK("http://evil")`);
    expect(inert('-1+1')).toBe(`'-1+1`);
    expect(inert('privileged container')).toBe('privileged container');
    const row = csvRow(
      {
        id: 'f1',
        clusterId: 'c1',
        fingerprint: 'x',
        ruleId: 'privileged-container',
        severity: 'CRITICAL',
        status: 'OPEN',
        resource: { kind: 'Pod', namespace: 'shop', name: 'api' },
        container: null,
        message: '@SUM(A1)',
        paths: [],
        platform: false,
        firstSeenAt: new Date('2026-03-01T00:00:00Z'),
        resolvedAt: null,
        resolutionReason: null,
        reopenCount: 0,
        excepted: true,
        primaryFingerprint: null,
      },
      'prod',
    );
    expect(row).toEqual([
      'f1',
      'CRITICAL',
      'OPEN',
      'privileged-container',
      'prod',
      'shop',
      'Pod',
      'api',
      '',
      "'@SUM(A1)",
      'true',
      'false',
      '2026-03-01T00:00:00.000Z',
      '',
    ]);
  });
});
