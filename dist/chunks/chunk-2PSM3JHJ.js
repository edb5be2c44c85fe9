import { createRequire as __apisnoopCreateRequire } from 'node:module'; const require = __apisnoopCreateRequire(import.meta.url);
import {
  compareText,
  methodPath
} from "./chunk-Z5AUWCPE.js";

// src/render/markdown-cells.ts
var CELL_MAX = 160;
var CALLERS_SHOWN = 3;
var OPERATION_ID_MAX = 100;
function operationCell(op) {
  return `${mdCode(op.operationId, OPERATION_ID_MAX)}<br>${mdCode(methodPath(op))}`;
}
function callersCell({ callers, truncated }) {
  const shown = callers.slice(0, CALLERS_SHOWN).map((c) => c.user ? `user ${mdCode(c.name, 80)}` : mdCode(c.name, 80));
  const more = callers.length - shown.length;
  return shown.join("<br>") + (more > 0 ? `<br>+${more} more` : "") + (truncated ? " and others" : "");
}
function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}
function yesNo(value) {
  return value === null ? "\u2013" : value ? "yes" : "no";
}
function byHitsThenId(a, b) {
  return b.hits - a.hits || compareText(a.operationId, b.operationId) || compareText(a.method, b.method);
}
var CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
var BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
function visibleBidi(text) {
  return text.replace(BIDI_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
var graphemes;
var segments = (text) => (graphemes ??= typeof Intl.Segmenter === "function" ? new Intl.Segmenter("en", { granularity: "grapheme" }) : null)?.segment(text) ?? codePoints(text);
var WRITTEN_BIDI = /\\u[0-9a-f]{4}/g;
function clip(value, max) {
  if (value.length <= max) return value;
  const head = value.slice(0, 2 * max + 8);
  if (head.length === value.length && Array.from(value).length <= max) return value;
  const room = Math.max(0, max - 1);
  const insideEscape = /* @__PURE__ */ new Set();
  for (const m of head.matchAll(WRITTEN_BIDI)) for (let i = m.index + 1; i < m.index + m[0].length; i++) insideEscape.add(i);
  let hard = 0;
  let soft = -1;
  let softKept = 0;
  let kept = 0;
  for (const { segment, index } of segments(head)) {
    if (/^\s/u.test(segment)) {
      soft = index;
      softKept = kept;
    }
    kept += Array.from(segment).length;
    if (kept > room) break;
    if (!insideEscape.has(index + segment.length)) hard = index + segment.length;
  }
  const words = soft > 0 && softKept >= max / 2 ? head.slice(0, soft).replace(/[\s,;:]+$/u, "") : "";
  return (words || head.slice(0, hard)) + "\u2026";
}
function* codePoints(text) {
  let index = 0;
  for (const segment of text) {
    yield { segment, index };
    index += segment.length;
  }
}
function mdCode(value, max = CELL_MAX, inTable = true) {
  let text = clip(visibleBidi(value.replace(CONTROLS, " ").trim()), max);
  if (text === "") return "";
  if (inTable) text = text.replace(/\|/g, "\\|");
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
function mdText(value, max = CELL_MAX) {
  const text = clip(visibleBidi(value.replace(CONTROLS, " ")), max).replace(/[\\`*_{}[\]()<>#+!|~&$]/g, "\\$&");
  return text.includes("@") ? text.replace(/(^|[^\p{L}\p{N}_])@(?=[\p{L}\p{N}_])/gu, "$1@\u200B") : text;
}
function htmlText(value, max = CELL_MAX) {
  return clip(visibleBidi(value.replace(CONTROLS, " ")), max).replace(/[&<>"'`[\]\\*_|]/g, (ch) => `&#${ch.codePointAt(0)};`).replace(/(^|[^\p{L}\p{N}_])@(?=[\p{L}\p{N}_])/gu, "$1@\u200B");
}
function mdLink(label, href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    throw new TypeError(`renderMarkdown: reportUrl is not a URL: ${JSON.stringify(href)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`renderMarkdown: reportUrl must be http(s), got ${url.protocol}`);
  }
  return `[${mdText(label)}](<${url.href}>)`;
}
function checkMarker(marker) {
  const ok = marker.length >= 7 && marker.startsWith("<!--") && marker.endsWith("-->") && marker.indexOf("-->") === marker.length - 3 && !/[\r\n]/.test(marker);
  if (!ok) {
    throw new TypeError(`renderMarkdown: marker must be one HTML comment like <!-- apisnoop:comment -->, got ${JSON.stringify(marker)}`);
  }
  return marker;
}

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
  OPERATION_ID_MAX,
  operationCell,
  callersCell,
  plural,
  yesNo,
  byHitsThenId,
  CONTROLS,
  visibleBidi,
  clip,
  mdCode,
  mdText,
  htmlText,
  mdLink,
  checkMarker,
  visibleControl,
  terminalLine,
  terminalText
};
