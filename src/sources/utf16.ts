// UTF-16 text is read as the UTF-8 it holds. Windows PowerShell's `>` and Out-File write UTF-16 with a byte order mark
// (`kubectl logs kube-apiserver-… > audit.log` there): every line of such a log was a bad line, NUL bytes and all.
import { headPiece, nextPiece } from './compression.js';

/**
 * The encoding a byte order mark at the start of these bytes names, if UTF-16; or, with no mark, that the two
 * characters a log begins with are text (printable ASCII or white space: "{", a container runtime's timestamp, any
 * word) with a NUL byte each, after (LE) or before (BE) it. No UTF-8 text has them: UTF-16 without a mark (iconv -t
 * UTF-16LE or -t UTF-16BE writes none) was a bad line per line.
 */
export function utf16Of(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (head.length < 2) return null;
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.length < 4) return null;
  if (isText(head[0]) && head[1] === 0 && isText(head[2]) && head[3] === 0) return 'utf-16le';
  if (head[0] === 0 && isText(head[1]) && head[2] === 0 && isText(head[3])) return 'utf-16be';
  return null;
}

/** Whether a byte is a character of text: printable ASCII, a tab, a line feed or a carriage return. */
const isText = (c: number): boolean => (c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * The pieces as they are, or, when they are UTF-16 (utf16Of), as UTF-8 (a byte order mark dropped; a byte
 * sequence that is no UTF-16 becomes U+FFFD, as bad UTF-8 does).
 */
export async function* asUtf8(pieces: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = pieces[Symbol.asyncIterator]();
  try {
    // A pipe may hand on a single byte first: the mark is two, two characters without it four.
    const head = await headPiece(nextPiece(it), 4);
    if (head === null) return;
    const encoding = utf16Of(head);
    if (encoding === null) {
      yield head;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      return;
    }
    const decoder = new TextDecoder(encoding);
    let piece: Buffer | undefined = head;
    while (piece !== undefined) {
      const text = decoder.decode(piece, { stream: true });
      if (text.length > 0) yield Buffer.from(text, 'utf8');
      const r = await it.next();
      piece = r.done ? undefined : r.value;
    }
    const rest = decoder.decode();
    if (rest.length > 0) yield Buffer.from(rest, 'utf8');
  } finally {
    // A reader that stops early closes the input (its file) through here.
    await it.return?.();
  }
}
