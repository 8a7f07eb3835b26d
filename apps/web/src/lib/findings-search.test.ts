import { activeFilters, parseFindingsSearch, toFindingFilter } from './findings-search';

describe('parseFindingsSearch', () => {
  it('keeps the filters a link carries', () => {
    const search = parseFindingsSearch({
      cluster: ['c1'],
      namespace: 'shop',
      severity: 'HIGH',
      excepted: 'false',
      q: '  api ',
      group: 'rule',
    });
    expect(search).toEqual({
      cluster: ['c1'],
      namespace: ['shop'],
      severity: 'HIGH',
      excepted: false,
      q: 'api',
      group: 'rule',
    });
    expect(activeFilters(search)).toBe(5);
  });

  it('drops what is not a filter or not a valid value', () => {
    expect(
      parseFindingsSearch({ severity: 'APOCALYPTIC', status: 'MAYBE', group: 'mood', cluster: [1, ''], x: 'y', q: '' }),
    ).toEqual({});
  });

  it('maps onto the API’s filter', () => {
    expect(toFindingFilter({ rule: ['privileged-container'], q: 'api', platform: true })).toMatchObject({
      ruleIds: ['privileged-container'],
      resourceName: 'api',
      platform: true,
      clusterIds: undefined,
    });
  });
});
