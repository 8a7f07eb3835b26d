import { cidrContains, isPublicAddress } from './network';

describe('addresses', () => {
  it.each([
    ['0.0.0.0/0', '169.254.169.254', true],
    ['169.254.0.0/16', '169.254.169.254', true],
    ['169.254.169.254/32', '169.254.169.254', true],
    ['169.254.169.254', '169.254.169.254', true],
    ['10.0.0.0/8', '169.254.169.254', false],
    ['::/0', '169.254.169.254', false],
    ['fd00:ec2::/64', 'fd00:ec2::254', true],
    ['not-a-cidr', '169.254.169.254', false],
    ['10.0.0.0/33', '10.0.0.1', false],
  ])('%s contains %s: %s', (cidr, address, expected) => {
    expect(cidrContains(cidr, address)).toBe(expected);
  });

  it('tells public addresses from private ones', () => {
    expect(isPublicAddress('203.0.113.10')).toBe(true);
    expect(isPublicAddress('10.1.2.3')).toBe(false);
    expect(isPublicAddress('169.254.169.254')).toBe(false);
  });
});
