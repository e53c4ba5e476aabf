/**
 * Where a camera's video comes from, checked against its stream type. Pure: no database, no network. The
 * service turns a rejection into a 422 naming the field, so the operator knows which input to fix.
 */
import { posix } from 'node:path';
import type { StreamType } from '@sentinel/contracts';

export interface StreamAddressInput {
  streamType: StreamType;
  streamUrl?: string | null | undefined;
  devicePath?: string | null | undefined;
}

export type StreamAddress =
  | { ok: true; streamUrl: string | null; devicePath: string | null; ipAddress: string | null }
  | { ok: false; field: 'streamUrl' | 'devicePath'; reason: string };

type Rejection = Extract<StreamAddress, { ok: false }>;

const URL_SCHEMES: Partial<Record<StreamType, readonly string[]>> = {
  RTSP: ['rtsp:', 'rtsps:'],
  HTTP: ['http:', 'https:'],
  Socket: ['tcp:', 'udp:'],
};

const USB_DEVICE = /^\/dev\/video\d+$/;

const reject = (field: Rejection['field'], reason: string): Rejection => ({ ok: false, field, reason });

export function checkStreamAddress(input: StreamAddressInput): StreamAddress {
  const streamUrl = input.streamUrl?.trim() || null;
  const devicePath = input.devicePath?.trim() || null;
  switch (input.streamType) {
    case 'RTSP':
    case 'HTTP':
    case 'Socket':
      if (devicePath) return reject('devicePath', `${input.streamType} cameras take a streamUrl, not a devicePath`);
      return checkNetworkUrl(input.streamType, streamUrl);
    case 'USB':
      if (streamUrl) return reject('streamUrl', 'USB cameras take a devicePath (/dev/videoN), not a streamUrl');
      if (!devicePath) return reject('devicePath', 'required for USB cameras, e.g. /dev/video0');
      if (!USB_DEVICE.test(devicePath)) return reject('devicePath', 'must be a video device like /dev/video0');
      return { ok: true, streamUrl: null, devicePath, ipAddress: null };
    case 'Local File':
      return checkLocalFile(streamUrl, devicePath);
  }
}

function checkNetworkUrl(type: StreamType, streamUrl: string | null): StreamAddress {
  const schemes = URL_SCHEMES[type] ?? [];
  const expected = schemes.map((s) => `${s}//`).join(' or ');
  if (!streamUrl) return reject('streamUrl', `required for ${type} cameras (${expected})`);
  const url = parseUrl(streamUrl);
  if (!url || !schemes.includes(url.protocol.toLowerCase())) return reject('streamUrl', `${type} cameras need a ${expected} URL`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) return reject('streamUrl', 'the URL has no host');
  if (type === 'Socket' && (!url.port || url.port === '0')) return reject('streamUrl', 'a socket address needs a port, e.g. tcp://10.0.0.5:5000');
  return { ok: true, streamUrl, devicePath: null, ipAddress: host };
}

/** A local file is named by devicePath, or by a file:///absolute/path URL that is moved into devicePath. */
function checkLocalFile(streamUrl: string | null, devicePath: string | null): StreamAddress {
  if (streamUrl && devicePath) return reject('streamUrl', 'give either devicePath or a file:// streamUrl, not both');
  let path = devicePath;
  if (streamUrl) {
    const url = parseUrl(streamUrl);
    if (!url || url.protocol !== 'file:' || (url.host !== '' && url.host !== 'localhost')) {
      return reject('streamUrl', 'Local File cameras need a file:///absolute/path URL or a devicePath');
    }
    path = safeDecode(url.pathname);
    if (path === null) return reject('streamUrl', 'the file path is not valid percent-encoding');
  }
  if (!path) return reject('devicePath', 'required for Local File cameras (an absolute path)');
  if (!path.startsWith('/') || path.includes('\0')) return reject(streamUrl ? 'streamUrl' : 'devicePath', 'must be an absolute file path');
  const normalised = posix.normalize(path);
  if (normalised === '/' || normalised.endsWith('/')) return reject(streamUrl ? 'streamUrl' : 'devicePath', 'must name a file, not a directory');
  return { ok: true, streamUrl: null, devicePath: normalised, ipAddress: null };
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
