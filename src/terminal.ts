// Text from audit logs, reports and stores reaches the terminal in warnings and notes: its control characters
// (ESC sequences that retitle the window, clear the screen, rewrite what was printed) are shown, not obeyed; so are its
// bidi controls, which would reorder the line around them.
import { CONTROLS, visibleBidi } from './render/markdown-cells.js';

/** A control character as a visible escape: \x1b, \u2028. */
export function visibleControl(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
}

/**
 * A line for the terminal: every C0/C1 control (newlines too: a message is one line) and bidi control as a visible
 * escape, e.g. \x1b, \u202e.
 */
export function terminalLine(text: string): string {
  return visibleBidi(text.replace(CONTROLS, visibleControl));
}

/** Text of several lines (a summary, a tool's error output): its newlines kept, any other control made visible. */
export function terminalText(text: string): string {
  return text.split('\n').map(terminalLine).join('\n');
}
