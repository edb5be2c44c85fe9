// UTF-16 text is read as the UTF-8 it holds. Windows PowerShell's `>` and Out-File write UTF-16 with a byte order mark
// (`kubectl logs kube-apiserver-… > audit.log` there): every line of such a log was a bad line, NUL bytes and all.
import { headPiece, nextPiece } from './compression.js';

/** The encoding a byte order mark at the start of these bytes names, if UTF-16. */
export function utf16Of(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (head.length < 2) return null;
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * The pieces as they are, or, when they begin with a UTF-16 byte order mark, as UTF-8 (the mark dropped; a byte
 * sequence that is no UTF-16 becomes U+FFFD, as bad UTF-8 does).
 */
export async function* asUtf8(pieces: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = pieces[Symbol.asyncIterator]();
  try {
    // A pipe may hand on a single byte first: the mark is two.
    const head = await headPiece(nextPiece(it), 2);
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
