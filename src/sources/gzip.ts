// Gzip is recognised by its magic number, whatever the file is called.
export function isGzipHeader(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}
