/** Keeps the last lines a child wrote to stderr: ffmpeg explains its failures there. */
import type { Readable } from 'node:stream';

export class StderrTail {
  #text = '';

  constructor(stream: Readable | null, private readonly maxChars = 4000) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      this.#text = (this.#text + chunk).slice(-this.maxChars);
    });
  }

  get text(): string {
    return this.#text;
  }
}
