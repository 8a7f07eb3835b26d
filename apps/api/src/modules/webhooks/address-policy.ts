import ipaddr from 'ipaddr.js';
import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

/** Names the kind of address ipaddr.js reports, for a message a person understands. */
const RANGE_NAMES: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  linkLocal: 'a link-local address (cloud metadata services live here)',
  uniqueLocal: 'a private (unique local) address',
  unspecified: 'the unspecified address',
  carrierGradeNat: 'a carrier-grade NAT address (some cloud metadata services live here)',
  reserved: 'a reserved address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  ipv4Mapped: 'an IPv4-mapped IPv6 address',
  rfc6145: 'an IPv4-translated IPv6 address',
  rfc6052: 'a NAT64 address (it reaches an IPv4 address)',
  '6to4': 'a 6to4 address (it reaches an IPv4 address)',
  teredo: 'a Teredo address (it reaches an IPv4 address)',
};

/** IPv6 unicast that is routed on the Internet; the rest of what ipaddr.js calls unicast is not. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * Cloud platform services on addresses that are otherwise public (Azure's WireServer). The usual
 * metadata addresses (169.254.169.254, 100.100.100.200, fd00:ec2::254) fall in refused ranges.
 */
const PLATFORM_ADDRESSES: [string, string][] = [['168.63.129.16/32', "Azure's platform WireServer"]];
const PLATFORM_RANGES = PLATFORM_ADDRESSES.map(([cidr, name]) => [ipaddr.parseCIDR(cidr), name] as const);

/**
 * The IPv4 address an IPv6 address carries in its last 32 bits, for the forms that route to it:
 * IPv4-compatible (::/96), NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48), IPv4-translated
 * (::ffff:0:0:0/96); 6to4 (2002::/16) carries it in bits 16–48; Teredo (2001::/32) inverted in the
 * last 32 bits.
 */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const b = address.toByteArray();
  const v4 = (bytes: number[]) => new ipaddr.IPv4(bytes);
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 12)) return v4(b.slice(12, 16));
  if (address.match(ipaddr.parseCIDR('64:ff9b::/96')) || address.match(ipaddr.parseCIDR('64:ff9b:1::/48'))) {
    return v4(b.slice(12, 16));
  }
  if (zeros(0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(10, 12)) return v4(b.slice(12, 16));
  if (address.range() === '6to4') return v4(b.slice(2, 6));
  if (address.range() === 'teredo') return v4(b.slice(12, 16).map((x) => x ^ 0xff));
  return undefined;
}

/** An IPv4-mapped IPv6 address (::ffff:7f00:1) as the IPv4 address it is (127.0.0.1). */
function normalised(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.process(address).toString() : address;
}

/** A refused connection: the reason names the address and why, never the URL (it may hold a token). */
export class AddressRefused extends Error {
  override name = 'AddressRefused';
}

/**
 * Where webhooks may connect: public unicast addresses, plus whatever the operator allow-listed
 * (addresses, CIDR ranges or host names). Checked when an endpoint is saved and again on the
 * address each delivery actually connects to, so a name that later resolves elsewhere (DNS
 * rebinding) is refused too.
 */
export class AddressPolicy {
  private readonly ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  private readonly hosts = new Set<string>();
  private readonly resolver?: dns.promises.Resolver;

  constructor(allowed: string[], dnsServers: string[] = []) {
    for (const entry of allowed) {
      if (entry.includes('/')) this.ranges.push(ipaddr.parseCIDR(entry));
      else if (isIP(entry)) {
        const address = ipaddr.parse(entry);
        this.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      } else this.hosts.add(entry.toLowerCase());
    }
    if (dnsServers.length > 0) {
      this.resolver = new dns.promises.Resolver({ timeout: 3_000, tries: 2 });
      this.resolver.setServers(dnsServers);
    }
  }

  /** Why this address may not be connected to ("10.0.0.7 is a private address"), or null when it may. */
  refusal(address: string): string | null {
    const kind = this.refusedKind(address);
    return kind && `${normalised(address)} is ${kind}`;
  }

  /** The same for a host name and the address it resolved to. */
  private refusalOf(hostname: string, address: string): string | null {
    const kind = this.refusedKind(address);
    return kind && `${hostname} resolves to ${normalised(address)}, ${kind}`;
  }

  private refusedKind(address: string): string | null {
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      // process() turns an IPv4-mapped IPv6 address (::ffff:10.0.0.1) back into the IPv4 it is.
      parsed = ipaddr.process(address);
    } catch {
      return 'not an IP address';
    }
    if (this.allowListed(parsed)) return null;
    if (parsed.kind() === 'ipv6') {
      const v6 = parsed as ipaddr.IPv6;
      const own = v6.range();
      if (['unspecified', 'loopback', 'linkLocal', 'multicast', 'uniqueLocal'].includes(own)) return RANGE_NAMES[own]!;
      const inner = embeddedIpv4(v6);
      if (inner) {
        // Allow-listing the IPv4 address does not allow reaching it through a translation.
        const innerKind = this.refusedKind(inner.toString());
        const form = RANGE_NAMES[own] ?? 'an IPv6 address that embeds an IPv4 address';
        return innerKind ? `${form} embedding ${inner.toString()}, ${innerKind}` : form;
      }
      if (own !== 'unicast') return RANGE_NAMES[own] ?? `an address of kind ${own}`;
      return v6.match(GLOBAL_UNICAST_V6) ? null : 'not a globally routed IPv6 address';
    }
    const range = parsed.range();
    if (range !== 'unicast') return RANGE_NAMES[range] ?? `an address of kind ${range}`;
    const platform = PLATFORM_RANGES.find(([net]) => parsed.match(net));
    return platform ? `${platform[1]} (a cloud platform address)` : null;
  }

  private allowListed(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    return this.ranges.some(([net, bits]) => net.kind() === address.kind() && address.match(net, bits));
  }

  /** Whether the operator allow-listed this host name (its addresses are then not checked). */
  trustsHost(hostname: string): boolean {
    return this.hosts.has(hostname.toLowerCase());
  }

  /** Resolves a host and throws AddressRefused when any of its addresses is refused. */
  async check(hostname: string): Promise<void> {
    const host = hostname.replace(/^\[|\]$/g, '');
    if (this.trustsHost(host)) return;
    const addresses = isIP(host) ? [host] : (await this.resolve(host)).map((a) => a.address);
    for (const address of addresses) {
      const reason = isIP(host) ? this.refusal(address) : this.refusalOf(host, address);
      if (reason) throw new AddressRefused(reason);
    }
  }

  /**
   * A `lookup` for net.connect that resolves (with the configured servers, if any) and refuses
   * the addresses the policy refuses: the check happens on the addresses actually connected to.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    const all = (options as LookupOptions).all === true;
    const trusted = this.trustsHost(hostname);
    this.resolve(hostname, (options as LookupOptions).family).then(
      (addresses) => {
        const allowed = trusted ? addresses : addresses.filter((a) => this.refusedKind(a.address) === null);
        if (allowed.length === 0) {
          callback(new AddressRefused(this.refusalOf(hostname, addresses[0]!.address)!), all ? [] : '', 0);
          return;
        }
        if (all) callback(null, allowed as unknown as string, 0);
        else callback(null, allowed[0]!.address, allowed[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, all ? [] : '', 0),
    );
  };

  private async resolve(hostname: string, family?: number | string): Promise<LookupAddress[]> {
    if (!this.resolver) {
      const found = await dns.promises.lookup(hostname, {
        all: true,
        family: family === 'IPv6' ? 6 : family === 'IPv4' ? 4 : ((family as number | undefined) ?? 0),
      });
      if (found.length === 0) throw new Error(`${hostname} does not resolve`);
      return found;
    }
    const settle = (p: Promise<string[]>) => p.catch(() => [] as string[]);
    const [v4, v6] = await Promise.all([
      family === 6 ? [] : settle(this.resolver.resolve4(hostname)),
      family === 4 ? [] : settle(this.resolver.resolve6(hostname)),
    ]);
    const found = [...v4.map((address) => ({ address, family: 4 })), ...v6.map((address) => ({ address, family: 6 }))];
    if (found.length === 0) throw new Error(`${hostname} does not resolve`);
    return found;
  }
}
