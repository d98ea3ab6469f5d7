/**
 * Turns a byte stream into lines. Works on bytes, not strings, so a multi-byte
 * UTF-8 character split across two pipe reads is never mangled, and so the
 * length cap is in bytes (what the wire and the database pay for).
 */

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024;

const NEWLINE = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  /** Bytes of the current unfinished line, at most `maxLineBytes` of them. */
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of the current line thrown away past the cap. */
  private overflow = 0;
  private readonly decoder = new TextDecoder("utf-8");

  constructor(
    private readonly emit: (text: string) => void,
    private readonly maxLineBytes: number = DEFAULT_MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, start);
      const end = nl === -1 ? chunk.length : nl;
      this.append(chunk.subarray(start, end));
      if (nl === -1) break;
      this.finishLine();
      start = nl + 1;
    }
  }

  /** At end of stream: a last line without its newline is still a line. */
  flush(): void {
    if (this.pending.length > 0 || this.overflow > 0) this.finishLine();
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    // Keep only up to the cap; a 1 GiB line without a newline must not grow memory.
    const room = this.maxLineBytes - this.pending.length;
    if (room > 0) {
      const kept = part.subarray(0, room);
      this.pending = this.pending.length === 0 ? Buffer.from(kept) : Buffer.concat([this.pending, kept]);
    }
    if (part.length > room) this.overflow += part.length - Math.max(room, 0);
  }

  private finishLine(): void {
    let bytes = this.pending;
    let dropped = this.overflow;
    // CRLF output (Windows tools, some CLIs) should not leave a stray \r in the logs.
    if (dropped === 0 && bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, -1);
    if (dropped > 0) {
      // Cut back to a character boundary so the kept part decodes cleanly.
      const cut = completeUtf8Prefix(bytes);
      dropped += bytes.length - cut;
      bytes = bytes.subarray(0, cut);
    }
    let text = this.decoder.decode(bytes);
    if (dropped > 0) text += ` …[truncated ${dropped} bytes]`;
    this.pending = Buffer.alloc(0);
    this.overflow = 0;
    this.emit(text);
  }
}

/** Length of the longest prefix of `bytes` that does not end inside a UTF-8 character. */
function completeUtf8Prefix(bytes: Buffer): number {
  let lead = bytes.length;
  // Walk back over at most three continuation bytes (10xxxxxx) to the lead byte.
  while (lead > 0 && bytes.length - lead < 4 && (bytes[lead - 1]! & 0xc0) === 0x80) lead--;
  if (lead === 0) return bytes.length; // not UTF-8 as we know it; keep what we have
  const b = bytes[lead - 1]!;
  const width = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  const have = bytes.length - (lead - 1);
  return have >= width ? bytes.length : lead - 1;
}
