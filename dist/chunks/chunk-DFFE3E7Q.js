import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  CONTROLS,
  visibleBidi
} from "./chunk-KXHPS7ST.js";

// src/terminal.ts
function visibleControl(c) {
  const code = c.charCodeAt(0);
  return code <= 255 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
}
function terminalLine(text) {
  return visibleBidi(text.replace(CONTROLS, visibleControl));
}
function terminalText(text) {
  return text.split("\n").map(terminalLine).join("\n");
}

export {
  visibleControl,
  terminalLine,
  terminalText
};
