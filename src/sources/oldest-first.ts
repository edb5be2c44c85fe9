// The logs given, read oldest first: by the time of each one's first event, not by name. A request's stages are
// written by one API server, in time, so read so a request in flight at a rotation (every open watch) has its first
// stage read before its final one. By name, logrotate's audit.log (the newest), audit.log.1, audit.log.2.gz are read
// newest first, and a final stage read more than RECENTLY_COMPLETED requests before its first stage is forgotten by
// then: the first stage would count as a request of its own.
import { MAX_LINE_BYTES } from './audit-files.js';
import { fileText } from './inflate.js';
import { nameAge, type NameAge } from './rotation-age.js';

/** The least of a log's text looked in for its first event's time. */
const PEEK_BYTES = 64 * 1024;

/**
 * When an event was written: stageTimestamp first (a watch's ResponseComplete at the start of a log began long before
 * it), else the time it was received (v1's requestReceivedTimestamp, v1beta1's timestamp). Found in the line's text,
 * whether the event is the line or a record's escaped text (log-envelope.ts).
 */
const TIME_FIELDS = ['stageTimestamp', 'requestReceivedTimestamp', 'timestamp'].map((f) => new RegExp(`"${f}\\\\?"\\s*:\\s*\\\\?"([^"\\\\]{10,40})`));

/** The time of the first whole line of `text` that holds one (ms since the epoch), or null. `whole`: the text ends the log. */
export function firstEventTime(text: string, whole: boolean): number | null {
  const lines = text.split('\n');
  if (!whole) lines.pop();
  for (const line of lines) {
    for (const field of TIME_FIELDS) {
      const m = field.exec(line);
      if (m === null) continue;
      const t = Date.parse(m[1]!);
      if (!Number.isNaN(t)) return t;
    }
  }
  return null;
}

/** Bytes before a log's first line that are none of it: NULs (logrotate copytruncate's hole) and blank lines. */
const isFiller = (byte: number): boolean => byte === 0 || byte === 10 || byte === 13 || byte === 32 || byte === 9;

/**
 * A log's text looked in for its first event's time (inflated if compressed), and whether that is all of it; null if
 * unreadable. At least PEEK_BYTES, and on to the end of its first line: one event with a ConfigMap's or Secret's body
 * (a Request or RequestResponse policy) is longer than that, and a file without a time went where it was given, the
 * newest log first again. Leading NULs and blank lines are dropped. At most MAX_LINE_BYTES past them, the reader's
 * bound on a line.
 */
async function headText(file: string): Promise<{ text: string; whole: boolean } | null> {
  const read = await fileText(file, PEEK_BYTES);
  if (read === null) return null;
  const pieces: Buffer[] = [];
  let bytes = 0;
  let skipped = 0;
  let lineEnded = false;
  let whole = true;
  try {
    for await (const inflated of read.pieces) {
      let piece = inflated;
      if (bytes === 0) {
        let at = 0;
        while (at < piece.length && isFiller(piece[at]!)) at++;
        piece = piece.subarray(at);
        skipped += at;
        // A hole of NULs or blanks as long as the longest line (a sparse copytruncate copy): no start to find, and
        // nothing of it is kept (each empty piece held its whole chunk: 1 GB of zeros held 1 GB).
        if (piece.length === 0) {
          if (skipped < MAX_LINE_BYTES) continue;
          whole = false;
          break;
        }
      }
      pieces.push(piece);
      bytes += piece.length;
      lineEnded ||= piece.includes(10);
      if ((lineEnded && bytes >= PEEK_BYTES) || bytes >= MAX_LINE_BYTES) {
        whole = false;
        break;
      }
    }
  } catch {
    // Damaged: what was inflated before it is looked in.
  } finally {
    read.close();
  }
  return { text: Buffer.concat(pieces).toString('utf8'), whole };
}

/** A file's first event time, or null (stdin, not a regular file, unreadable, no time in its first line nor its first 64 KB). */
async function startOf(file: string): Promise<number | null> {
  // Only a regular file is peeked at: a FIFO opened, read and closed lost its writer (SIGPIPE), and the reading
  // after waited on it forever; a pipe, a terminal or stdin has no start to read twice.
  const head = await headText(file);
  return head === null ? null : firstEventTime(head.text, head.whole);
}

/**
 * The files in the order they are read: by the time of their first event; logs that start together by their names'
 * rotation age (nameAge: audit.log.1 before audit.log, v1beta1's whole seconds tie at a rotation), else in the order
 * given (a copy and its original). One whose time is not known (stdin, a FIFO, no event with a time at its start)
 * goes after its next older rotated sibling whose time is known (else before its next newer one), or, with none,
 * just after the file given before it. One file at a time, as readInputs: thousands of rotated logs are not held
 * open at once.
 */
export async function oldestFirst(files: readonly string[]): Promise<string[]> {
  if (files.length < 2) return [...files];
  const starts: (number | null)[] = [];
  for (const file of files) starts.push(await startOf(file));
  const ages = files.map(nameAge);
  const baseAt = new Map<string, number>();
  ages.forEach((a, i) => baseAt.has(a.base) || baseAt.set(a.base, i));
  const keys: number[] = [];
  let before = -Infinity;
  files.forEach((_, i) => {
    const t = starts[i] ?? siblingStart(i, ages, starts);
    if (t !== null) before = t;
    keys.push(before);
  });
  const order = files.map((file, i) => ({ file, i, base: baseAt.get(ages[i]!.base)!, age: ages[i]!.age }));
  return order.sort((a, b) => keys[a.i]! - keys[b.i]! || a.base - b.base || b.age - a.age || a.i - b.i).map((x) => x.file);
}

/** The start of file i's next older rotated sibling whose start is known, else of its next newer one, else null. */
function siblingStart(i: number, ages: readonly NameAge[], starts: readonly (number | null)[]): number | null {
  const mine = ages[i]!;
  const known = ages.map((a, j) => ({ ...a, t: starts[j] })).filter((a): a is NameAge & { t: number } => a.base === mine.base && a.t !== null && a.age !== mine.age);
  const older = known.filter((a) => a.age > mine.age).sort((a, b) => a.age - b.age)[0];
  const newer = known.filter((a) => a.age < mine.age).sort((a, b) => b.age - a.age)[0];
  return older?.t ?? newer?.t ?? null;
}
