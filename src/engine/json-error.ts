// JSON.parse's message for a text it refuses, without the text: V8 quotes up to 20 characters around an unexpected
// character ("Unexpected token 'h', ..."password":hunter2-pr"... is not valid JSON"), and an audit log's line holds
// Secrets' data and tokens. Every message said of a line reaches public outputs (a PR comment, annotations, a job
// summary, report.json), so only where and what kind of error is kept.

/** V8's message for an unexpected character: the character, and the source around it (or all of it, when short). */
const UNEXPECTED = /^Unexpected token '([\s\S]{1,2})', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/;
/** V8's context: this many characters either side of the unexpected one. */
const CONTEXT = 10;

/** Where a UTF-16 position falls, as V8's other messages say it: "at position N (line L column C)". */
function at(text: string, pos: number): string {
  let line = 1;
  let from = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < pos; k = text.indexOf('\n', k + 1)) {
    line++;
    from = k + 1;
  }
  return `at position ${pos} (line ${line} column ${pos - from + 1})`;
}

/**
 * The position of the unexpected character in `text`, from V8's message of it. Padded with spaces, the text is
 * parsed again so that V8 quotes a context whose place in it tells the position: the start of the text (the character
 * within its first ten) or ten characters either side of it. Null when the message is of no form known.
 */
function unexpectedAt(text: string): number | null {
  const padded = text + ' '.repeat(2 * CONTEXT + 1);
  let message: string;
  try {
    JSON.parse(padded);
    return null;
  } catch (err) {
    message = (err as Error).message;
  }
  const m = UNEXPECTED.exec(message);
  // Padded, the character is never within ten of the end: V8 quotes the start of the text, or around the character.
  if (m === null || m[4] === undefined) return null;
  const context = m[3];
  if (m[2] === undefined) return context.length - CONTEXT;
  // The context may be found earlier too (inside a string, or a repeated stretch): the character is where the text
  // stops being the start of a JSON text. Once a start is no JSON it stays so, so the places are bisected: a parse
  // for each halving, not for each place (a line repeating the stretch thousands of times).
  const places: number[] = [];
  for (let k = padded.indexOf(context); k !== -1 && k + CONTEXT < text.length; k = padded.indexOf(context, k + 1)) places.push(k + CONTEXT);
  if (places.length === 0) return null;
  let lo = 0;
  let hi = places.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startsJson(text.slice(0, places[mid]! + m[1].length))) lo = mid + 1;
    else hi = mid;
  }
  return places[lo]!;
}

/** Whether `prefix` is the start of some JSON text: JSON.parse finds nothing wrong before its end. */
function startsJson(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (err) {
    const message = (err as Error).message;
    if (message.startsWith('Unexpected end of JSON input')) return true;
    const at = /at position (\d+)/.exec(message);
    return at !== null && Number(at[1]) === prefix.length;
  }
}

/**
 * JSON.parse's error for `text`, said without quoting any of it: V8's own message where it quotes nothing ("Unterminated
 * string in JSON at position 90 (line 1 column 91)", "Unexpected end of JSON input"), else the kind of error and where.
 */
export function jsonError(err: Error, text: string): string {
  const message = err.message;
  if (!UNEXPECTED.test(message)) return message.includes('"') ? 'not valid JSON' : message.slice(0, 200);
  const pos = unexpectedAt(text);
  return pos === null ? 'Unexpected character in JSON' : `Unexpected character in JSON ${at(text, pos)}`;
}
