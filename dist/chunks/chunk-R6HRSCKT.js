import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  CONTROLS
} from "./chunk-FOPDCHO5.js";

// src/terminal.ts
function visible(c) {
  const code = c.charCodeAt(0);
  return code <= 255 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
}
function terminalLine(text) {
  return text.replace(CONTROLS, visible);
}
function terminalText(text) {
  return text.split("\n").map(terminalLine).join("\n");
}

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
  terminalLine,
  terminalText,
  isLoopback
};
