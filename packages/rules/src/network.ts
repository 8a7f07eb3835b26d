import ipaddr from 'ipaddr.js';

/** Whether an address is publicly routable (not private, loopback, link-local, CGNAT or reserved). */
export function isPublicAddress(address: string): boolean {
  const v4 = address.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 10 || a === 127 || a === 0 || a >= 224) return false;
    if (a === 172 && b >= 16 && b <= 31) return false;
    if (a === 192 && b === 168) return false;
    if (a === 169 && b === 254) return false;
    if (a === 100 && b >= 64 && b <= 127) return false;
    if (a === 192 && b === 0) return false;
    if (a === 198 && (b === 18 || b === 19)) return false;
    return true;
  }
  if (address.includes(':')) {
    const lower = address.toLowerCase();
    // Unique-local, link-local, loopback, unspecified, documentation.
    return !(
      /^(fc|fd|fe8|fe9|fea|feb)/.test(lower) ||
      lower === '::1' ||
      lower === '::' ||
      lower.startsWith('2001:db8')
    );
  }
  return false;
}

/** Whether `cidr` (IPv4 or IPv6, or a bare address) contains `address`; false for anything malformed. */
export function cidrContains(cidr: string, address: string): boolean {
  try {
    const ip = ipaddr.parse(address);
    const [net, bits] = cidr.includes('/')
      ? ipaddr.parseCIDR(cidr)
      : [ipaddr.parse(cidr), ip.kind() === 'ipv4' ? 32 : 128];
    return net.kind() === ip.kind() && ip.match(net, bits);
  } catch {
    return false;
  }
}
