import { AddressPolicy } from './address-policy';

const policy = new AddressPolicy([]);

describe('AddressPolicy.refusal', () => {
  it.each([
    // Globally routed unicast, IPv4 and IPv6.
    ['93.184.216.34'],
    ['8.8.8.8'],
    ['2606:4700:4700::1111'],
    ['2001:4860:4860::8888'],
  ])('lets %s through', (address) => {
    expect(policy.refusal(address)).toBeNull();
  });

  it.each([
    ['127.0.0.1', '127.0.0.1 is a loopback address'],
    ['10.1.2.3', '10.1.2.3 is a private address'],
    ['172.16.0.1', '172.16.0.1 is a private address'],
    ['192.168.1.1', '192.168.1.1 is a private address'],
    ['169.254.169.254', '169.254.169.254 is a link-local address (cloud metadata services live here)'],
    ['100.100.100.200', '100.100.100.200 is a carrier-grade NAT address (some cloud metadata services live here)'],
    ['168.63.129.16', "168.63.129.16 is Azure's platform WireServer (a cloud platform address)"],
    ['0.0.0.0', '0.0.0.0 is the unspecified address'],
    ['255.255.255.255', '255.255.255.255 is a broadcast address'],
    ['224.0.0.1', '224.0.0.1 is a multicast address'],
    ['198.18.0.1', '198.18.0.1 is a reserved address'],
    ['::1', '::1 is a loopback address'],
    ['::', ':: is the unspecified address'],
    ['fe80::1', 'fe80::1 is a link-local address (cloud metadata services live here)'],
    ['fd00:ec2::254', 'fd00:ec2::254 is a private (unique local) address'],
    ['ff02::1', 'ff02::1 is a multicast address'],
    // Mapped: read back as the IPv4 address it is.
    ['::ffff:127.0.0.1', '127.0.0.1 is a loopback address'],
    ['::ffff:169.254.169.254', '169.254.169.254 is a link-local address (cloud metadata services live here)'],
    // IPv4-compatible (::/96), as a URL's host writes it: what today's guard let through.
    ['::7f00:1', '::7f00:1 is an IPv6 address that embeds an IPv4 address embedding 127.0.0.1, a loopback address'],
    ['::808:808', '::808:808 is an IPv6 address that embeds an IPv4 address'],
    // IPv4-translated, NAT64 (well-known and local-use), 6to4, Teredo.
    ['::ffff:0:a00:1', '::ffff:0:a00:1 is an IPv4-translated IPv6 address embedding 10.0.0.1, a private address'],
    [
      '64:ff9b::a9fe:a9fe',
      '64:ff9b::a9fe:a9fe is a NAT64 address (it reaches an IPv4 address) embedding 169.254.169.254, a link-local address (cloud metadata services live here)',
    ],
    [
      '64:ff9b:1::7f00:1',
      '64:ff9b:1::7f00:1 is a NAT64 address (it reaches an IPv4 address) embedding 127.0.0.1, a loopback address',
    ],
    [
      '2002:7f00:1::1',
      '2002:7f00:1::1 is a 6to4 address (it reaches an IPv4 address) embedding 127.0.0.1, a loopback address',
    ],
    ['2002:808:808::1', '2002:808:808::1 is a 6to4 address (it reaches an IPv4 address)'],
    [
      '2001:0:4136:e378:8000:63bf:80ff:fffe',
      '2001:0:4136:e378:8000:63bf:80ff:fffe is a Teredo address (it reaches an IPv4 address) embedding 127.0.0.1, a loopback address',
    ],
    ['64:ff9b::5db8:d822', '64:ff9b::5db8:d822 is a NAT64 address (it reaches an IPv4 address)'],
    // Not in 2000::/3: not routed on the Internet.
    ['4000::1', '4000::1 is not a globally routed IPv6 address'],
    ['2001:db8::1', '2001:db8::1 is a reserved address'],
  ])('refuses %s', (address, reason) => {
    expect(policy.refusal(address)).toBe(reason);
  });

  it('lets allow-listed addresses and ranges through, but not through a translation to them', () => {
    const allowing = new AddressPolicy(['127.0.0.1', '10.0.0.0/8']);
    expect(allowing.refusal('127.0.0.1')).toBeNull();
    expect(allowing.refusal('10.9.9.9')).toBeNull();
    expect(allowing.refusal('::ffff:10.9.9.9')).toBeNull();
    expect(allowing.refusal('::7f00:1')).toBe('::7f00:1 is an IPv6 address that embeds an IPv4 address');
  });
});
