// Which addresses are this machine's own: serve bound to one answers only requests addressed to one (DNS rebinding).
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
// ::ffff:127.0.0.1, the IPv4 loopback written as IPv6.
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** localhost, an address of 127.0.0.0/8, or ::1 (bare or in brackets, as a Host header writes it). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost') return true;
  if (isIPv4(h)) return LOOPBACK.check(h, 'ipv4');
  const v6 = h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
  return isIPv6(v6) && LOOPBACK.check(v6, 'ipv6');
}
