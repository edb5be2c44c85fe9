import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);

// src/web/loopback.ts
import { BlockList, isIPv4, isIPv6 } from "node:net";
var LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");
LOOPBACK.addSubnet("::ffff:127.0.0.0", 104, "ipv6");
function isLoopback(host) {
  const h = host.toLowerCase();
  if (h === "localhost") return true;
  if (isIPv4(h)) return LOOPBACK.check(h, "ipv4");
  const v6 = h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
  return isIPv6(v6) && LOOPBACK.check(v6, "ipv6");
}

export {
  isLoopback
};
