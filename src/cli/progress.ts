import { terminalLine } from '../terminal.js';

// Progress on stderr for long runs, only when a person is watching (stderr is a terminal).
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ((p: { bytes: number; events: number }) => void) | undefined {
  if (!stream.isTTY) return undefined;
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

/**
 * Writes a line to stderr. On a terminal it first clears the line, where progress may be drawn: a warning given
 * while reading would otherwise run on from the progress figures. Its controls are made visible: lines say what
 * logs and reports hold.
 */
export function stderrLine(stream: NodeJS.WriteStream = process.stderr): (msg: string) => void {
  const clear = stream.isTTY ? '\r\x1b[K' : '';
  return (msg) => {
    stream.write(clear + terminalLine(msg) + '\n');
  };
}
