// The Action's own log lines. The runner reads every stdout line as a possible workflow command (`::name::` at the
// start of a line, after blanks; the legacy `##[name]` anywhere in it), and core.info escapes nothing; so text that
// comes from reports, logs, file names or tools (a fork's report.json is attacker-controlled) goes out through here.
import * as core from '@actions/core';

// C0 and C1 controls but the tab: line breaks (the runner splits on CR and LF) and terminal escapes that hide text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/**
 * `text` as one log line that can start no workflow command: `%`, CR and LF escaped as @actions/core's escapeData
 * does (so the escapes read back unambiguously), the other controls as %XX too, a leading `::` and any `##[` broken.
 */
export function logSafe(text: string): string {
  return text
    .replace(/%/g, '%25')
    .replace(CONTROLS, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .replace(/##\[/g, '##%5B')
    .replace(/^(\s*):(?=:)/, '$1%3A');
}

/** core.info for any line that carries text the Action did not write itself. */
export function logInfo(text: string): void {
  core.info(logSafe(text));
}
