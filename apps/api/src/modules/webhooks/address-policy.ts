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
};

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
    if (this.ranges.some(([net, bits]) => net.kind() === parsed.kind() && parsed.match(net, bits))) return null;
    const range = parsed.range();
    if (range === 'unicast') return null;
    return RANGE_NAMES[range] ?? `an address of kind ${range}`;
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
