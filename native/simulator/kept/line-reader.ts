import type { FileHandle } from 'node:fs/promises';

/** How much of the file is read at a time: a few lines of entities, so the first line needs no more. */
const READ_BYTES = 4 * 1024 * 1024;

/**
 * A file's lines, one at a time, read as they are asked for: the kept city's
 * first lines (what consoles resuming need) are in before the rest of its
 * 90 MB is read, and each line is decoded on its own — never the whole file
 * as one string.
 */
export class LineReader {
  private buffer = Buffer.alloc(0);
  private at = 0;
  private ended = false;
  /** Bytes of the file handed out as lines so far, newlines included. */
  consumed = 0;

  constructor(private readonly handle: FileHandle) {}

  /** The next line without its newline; null at the end. A last line without its newline is returned as it is. */
  async next(): Promise<string | null> {
    for (;;) {
      const newline = this.buffer.indexOf(10, this.at);
      if (newline >= 0) return this.take(newline, newline + 1);
      if (this.ended) return this.at < this.buffer.length ? this.take(this.buffer.length, this.buffer.length) : null;
      const chunk = Buffer.allocUnsafe(READ_BYTES);
      const { bytesRead } = await this.handle.read(chunk, 0, READ_BYTES, null);
      if (bytesRead === 0) this.ended = true;
      this.buffer = Buffer.concat([this.buffer.subarray(this.at), chunk.subarray(0, bytesRead)]);
      this.at = 0;
    }
  }

  private take(end: number, next: number): string {
    const line = this.buffer.toString('utf8', this.at, end);
    this.consumed += next - this.at;
    this.at = next;
    return line;
  }
}
