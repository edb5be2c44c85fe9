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
 * GitHub shows the first 10 warning annotations of a step (and 10 errors, apart); a warning past them is in the log
 * only, where a push run's reader, who has no comment, does not look. The top-rank warnings one run can give (nothing
 * judged, said once; the comment, the artifact, the summary, the failure page not written: TOP_ROOM) must always be
 * annotated, however many others came first: the others are annotated as they come up to SHARE only, which leaves
 * TOP_ROOM for the top ones and one for the last word, and no warning of any rank is annotated as it comes past
 * WARNING_ANNOTATIONS - 1. Past their room they are said in the log and held, and annotated at the step's end by rank
 * in what room is left, the last saying how many more the log holds: never more than WARNING_ANNOTATIONS in all.
 */
export const WARNING_ANNOTATIONS = 10;
export const TOP_ROOM = 5;
const SHARE = WARNING_ANNOTATIONS - TOP_ROOM - 1;

/**
 * How much the step's reader must see a warning: top, what the report or its delivery lacks (nothing judged, no
 * comment, no artifact, no summary); important, why the verdict is not what it seems (an allow entry that exempts
 * nothing, more legs than expected); ordinary, the rest (an invalid line, a spec taken for another release).
 */
export type WarningRank = 'top' | 'important' | 'ordinary';
const RANKS: readonly WarningRank[] = ['top', 'important', 'ordinary'];

interface Held {
  text: string;
  rank: WarningRank;
}

/** The warnings of this step so far: annotated (those below top among them), and said in the log only (the highest-ranked held). */
const step = { annotated: 0, shared: 0, logOnly: 0, held: [] as Held[] };

/** A new step's count of warnings (run() starts with it; the runner starts a process per step). */
export function startWarnings(): void {
  Object.assign(step, { annotated: 0, shared: 0, logOnly: 0, held: [] });
}

/** A warning's text as an annotation: controls and bidi controls made visible, as in logSafe. */
const annotation = (text: string): string => visibleBidi(text.replace(CONTROLS, visibleControl));

/** Whether a warning of `rank` is annotated as it comes: any while room but the last word's is left, below top within their share. */
const hasRoom = (rank: WarningRank): boolean => step.annotated < WARNING_ANNOTATIONS - 1 && (rank === 'top' || step.shared < SHARE);

/** Keeps a held warning among the WARNING_ANNOTATIONS highest-ranked, the earlier first within a rank. */
function hold(text: string, rank: WarningRank): void {
  const at = step.held.findIndex((h) => RANKS.indexOf(h.rank) > RANKS.indexOf(rank));
  step.held.splice(at < 0 ? step.held.length : at, 0, { text, rank });
  step.held.length = Math.min(step.held.length, WARNING_ANNOTATIONS);
}

/**
 * core.warning for text the Action did not write itself. The runner reads it as a command's message (core escapes the
 * line breaks and `%`, so it starts nothing), but it shows it in the log and as an annotation. Past its rank's room,
 * it is a plain log line that starts "Warning:", for endWarnings to annotate if there is room.
 */
export function logWarning(text: string, rank: WarningRank = 'ordinary'): void {
  if (!hasRoom(rank)) {
    hold(text, rank);
    step.logOnly++;
    logInfo(`Warning: ${text}`);
    return;
  }
  step.annotated++;
  if (rank !== 'top') step.shared++;
  core.warning(annotation(text));
}

/**
 * The step's last annotations: the warnings said in the log only, highest rank first, in the room left, and when
 * they do not all fit, one that says how many more the log holds.
 */
export function endWarnings(): void {
  const room = WARNING_ANNOTATIONS - step.annotated;
  const late = step.logOnly <= room ? step.held : step.held.slice(0, Math.max(0, room - 1));
  const more = step.logOnly - late.length;
  startWarnings();
  for (const { text } of late) core.warning(annotation(text));
  if (more > 0) core.warning(`${more} more warning${more === 1 ? ' is' : 's are'} in this step's log only, on lines that start with "Warning:": GitHub annotates ${WARNING_ANNOTATIONS} of a step.`);
}

/**
 * core.setFailed for a message that carries text the Action did not write itself (a report's release and notes, the
 * operations it names): as logWarning, its controls and bidi controls made visible, for the error is a log line and
 * an annotation too.
 */
export function logFailed(text: string): void {
  core.setFailed(visibleBidi(text.replace(CONTROLS, visibleControl)));
}
