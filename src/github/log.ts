// The Action's own log lines. The runner reads every stdout line as a possible workflow command (`::name::` at the
// start of a line, after blanks; the legacy `##[name]` anywhere in it), and core.info escapes nothing; so text that
// comes from reports, logs, file names or tools (a fork's report.json is attacker-controlled) goes out through here.
import * as core from '@actions/core';
import { visibleBidi } from '../render/markdown-cells.js';
import { visibleControl } from '../terminal.js';

// C0 and C1 controls but the tab and the line breaks (which split the text into lines of its own).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * `text` as log lines none of which starts a workflow command, read as written otherwise: a plain line is shown as
 * is, so `%` and a multi-line command stay readable (escapes like %0A are undone by the runner only inside commands).
 * Each line's leading `::` and any `##[` get a zero-width space between their characters; controls that would drive
 * the terminal are shown as \xNN, bidi controls (which would reorder the line) as \u202e.
 */
export function logSafe(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) =>
      visibleBidi(line.replace(CONTROLS, visibleControl))
        .replace(/##\[/g, '##\u200b[')
        .replace(/^(\s*):(?=:)/, '$1:\u200b'),
    )
    .join('\n');
}

/** core.info for any line that carries text the Action did not write itself. */
export function logInfo(text: string): void {
  core.info(logSafe(text));
}

/**
 * core.warning for text the Action did not write itself. The runner reads it as a command's message (core escapes the
 * line breaks and `%`, so it starts nothing), but it shows it in the log and as an annotation: controls and bidi
 * controls are made visible as in logSafe.
 */
export function logWarning(text: string): void {
  core.warning(visibleBidi(text.replace(CONTROLS, visibleControl)));
}

/**
 * core.setFailed for a message that carries text the Action did not write itself (a report's release and notes, the
 * operations it names): as logWarning, its controls and bidi controls made visible, for the error is a log line and
 * an annotation too.
 */
export function logFailed(text: string): void {
  core.setFailed(visibleBidi(text.replace(CONTROLS, visibleControl)));
}
