/**
 * What makes an upload a face image: its first bytes say JPEG, PNG or WebP (the file name and the claimed
 * type are ignored), it fits the size limit, and sharp decodes all of it (a truncated or corrupt file is
 * refused). Decoding also yields the 256px JPEG thumbnail (orientation applied, metadata stripped).
 * Messages name the file, never its contents.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { AppError } from '@sentinel/platform';
import { FACE_THUMBNAIL_SIZE, type TUploadedFile } from '@sentinel/contracts';

/** decompression-bomb guard: a face sample has no business being larger than this */
const MAX_PIXELS = 50_000_000;

export interface CheckedImage {
  bytes: Buffer;
  contentType: 'image/jpeg' | 'image/png' | 'image/webp';
  extension: 'jpg' | 'png' | 'webp';
  width: number;
  height: number;
  sha256: string;
  thumbnail: Buffer;
}

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
}

const FORMATS = {
  jpeg: { contentType: 'image/jpeg', extension: 'jpg' },
  png: { contentType: 'image/png', extension: 'png' },
  webp: { contentType: 'image/webp', extension: 'webp' },
} as const;

type Format = keyof typeof FORMATS;

/** The format the first bytes announce, if it is one we take. */
export function sniffImageFormat(bytes: Uint8Array): Format | undefined {
  const at = (i: number, ...values: number[]) => values.every((v, j) => bytes[i + j] === v);
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  return undefined;
}

function label(file: TUploadedFile, index: number): string {
  // a file name is shown back to its uploader only; keep it short and printable
  const name = file.filename.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 100);
  return name || `image ${index + 1}`;
}

const refuse = (reason: string) => new AppError('VALIDATION_ERROR', 'Invalid payload', { details: { images: reason } });

/** Checks one upload and makes its thumbnail; throws a 422 (or 413 for size) naming the file. */
export async function checkFaceImage(file: TUploadedFile, index: number, limits: UploadLimits): Promise<CheckedImage> {
  const name = label(file, index);
  const bytes = Buffer.from(file.data, 'base64');
  if (bytes.length === 0) throw refuse(`${name}: the file is empty`);
  if (bytes.length > limits.maxFileBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `${name} exceeds ${limits.maxFileBytes} bytes`, { details: { images: `${name}: larger than ${limits.maxFileBytes} bytes` } });
  }
  const format = sniffImageFormat(bytes);
  if (!format) throw refuse(`${name}: not a JPEG, PNG or WebP image`);
  let thumbnail: Buffer;
  let width: number;
  let height: number;
  try {
    const input = () => sharp(bytes, { failOn: 'warning', limitInputPixels: MAX_PIXELS });
    const meta = await input().metadata();
    if (meta.format !== format) throw new Error(`content is ${meta.format}, header says ${format}`);
    width = meta.autoOrient.width;
    height = meta.autoOrient.height;
    thumbnail = await input()
      .autoOrient()
      .resize(FACE_THUMBNAIL_SIZE, FACE_THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80 })
      .toBuffer();
  } catch {
    throw refuse(`${name}: the ${format === 'jpeg' ? 'JPEG' : format === 'png' ? 'PNG' : 'WebP'} image is damaged, truncated or too large to decode`);
  }
  return { bytes, ...FORMATS[format], width, height, sha256: createHash('sha256').update(bytes).digest('hex'), thumbnail };
}

/** Checks every upload of one request, in order; nothing is stored unless all pass. */
export async function checkFaceImages(files: readonly TUploadedFile[], limits: UploadLimits): Promise<CheckedImage[]> {
  if (files.length > limits.maxFiles) throw refuse(`at most ${limits.maxFiles} images per request`);
  const out: CheckedImage[] = [];
  for (const [i, file] of files.entries()) out.push(await checkFaceImage(file, i, limits));
  return out;
}

let samplePromise: Promise<string> | undefined;

/** A small real JPEG (base64) for example payloads. */
export function sampleJpegBase64(): Promise<string> {
  samplePromise ??= sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 180, g: 150, b: 130 } } })
    .jpeg({ quality: 70 })
    .toBuffer()
    .then((b) => b.toString('base64'));
  return samplePromise;
}
