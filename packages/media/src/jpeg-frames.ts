/**
 * Splits ffmpeg's `image2pipe` MJPEG output (JPEG images back to back) into whole images. A JPEG starts
 * with FF D8 and ends with FF D9; inside the entropy-coded data an FF byte is always followed by 00 or a
 * restart marker, so FF D9 is the end of the image. ffmpeg's encoder writes no embedded thumbnail.
 */
export class JpegSplitter {
  #chunks: Buffer[] = [];
  #length = 0;
  /** bytes of the pending buffer already scanned for the end marker */
  #scanned = 0;

  constructor(
    private readonly onFrame: (jpeg: Buffer) => void,
    private readonly maxFrameBytes = 16 * 1024 * 1024,
  ) {}

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    let buffer = this.#chunks.length === 1 ? chunk : Buffer.concat(this.#chunks, this.#length);
    for (;;) {
      const start = buffer.indexOf(SOI);
      if (start < 0) {
        buffer = buffer.subarray(Math.max(0, buffer.length - 1));
        this.#scanned = 0;
        break;
      }
      if (start > 0) {
        buffer = buffer.subarray(start);
        this.#scanned = 0;
      }
      const end = buffer.indexOf(EOI, Math.max(2, this.#scanned - 1));
      if (end < 0) {
        this.#scanned = buffer.length;
        break;
      }
      this.onFrame(Buffer.from(buffer.subarray(0, end + 2)));
      buffer = buffer.subarray(end + 2);
      this.#scanned = 0;
    }
    if (buffer.length > this.maxFrameBytes) {
      buffer = Buffer.alloc(0);
      this.#scanned = 0;
    }
    this.#chunks = buffer.length ? [buffer] : [];
    this.#length = buffer.length;
  }
}

const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);

/** Width and height from a JPEG's start-of-frame marker, or null. */
export function jpegSize(jpeg: Buffer): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < jpeg.length) {
    if (jpeg[i] !== 0xff) return null;
    const marker = jpeg[i + 1]!;
    const length = jpeg.readUInt16BE(i + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: jpeg.readUInt16BE(i + 5), width: jpeg.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return null;
}
