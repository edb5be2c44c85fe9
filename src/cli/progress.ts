import { terminalLine } from '../terminal.js';

/**
 * Whether progress is drawn on stream: a terminal that a person watches, which can go back over a line. A dumb one
 * (TERM=dumb: Emacs' shell, some CI consoles) shows an escape as text, and may not take \r: it gets whole lines only.
 */
export function drawsProgress(stream: NodeJS.WriteStream = process.stderr): boolean {
  return stream.isTTY === true && process.env.TERM !== 'dumb';
}

// Progress on stderr for long runs, only when a person is watching (stderr is a terminal).
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ((p: { bytes: number; events: number }) => void) | undefined {
  if (!drawsProgress(stream)) return undefined;
  const start = Date.now();
  let last = 0;
  return ({ bytes, events }) => {
    const now = Date.now();
    if (now - last < 250) return;
    last = now;
    const secs = Math.max((now - start) / 1000, 0.001);
    stream.write(`\r${(bytes / 1e6).toFixed(0)} MB read, ${events} events (${(bytes / 1e6 / secs).toFixed(0)} MB/s, ${(events / secs).toFixed(0)} events/s)  `);
  };
}

/** What clears the line progress may be drawn on: nothing where none is drawn. */
const clearing = (stream: NodeJS.WriteStream): string => (drawsProgress(stream) ? '\r\x1b[K' : '');

/** Clears the progress line once reading is done, before the summary. */
export function endProgress(stream: NodeJS.WriteStream = process.stderr): void {
  const clear = clearing(stream);
  if (clear) stream.write(clear);
}

/**
 * Writes a line to stderr. Where progress is drawn it first clears the line: a warning given while reading would
 * otherwise run on from the progress figures. Its controls are made visible: lines say what logs and reports hold.
 */
export function stderrLine(stream: NodeJS.WriteStream = process.stderr): (msg: string) => void {
  const clear = clearing(stream);
  return (msg) => {
    stream.write(clear + terminalLine(msg) + '\n');
  };
}
