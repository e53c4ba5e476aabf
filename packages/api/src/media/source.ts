/** A stored camera as the media layer's source: the sealed URL opened, the stream type mapped to an input. */
import { AppError, type SecretBox } from '@sentinel/platform';
import type { MediaSource } from '@sentinel/media';
import type { CameraRecord } from '../cameras/repository.ts';

export function mediaSourceOf(secrets: SecretBox, camera: CameraRecord): MediaSource {
  let url: string | null = null;
  if (camera.streamUrlSealed) {
    try {
      url = secrets.open(camera.streamUrlSealed);
    } catch (err) {
      throw new AppError('SERVICE_UNAVAILABLE', 'The stored stream credentials cannot be decrypted with the current ENCRYPTION_KEY; re-enter the stream URL', { cause: err });
    }
  }
  const missing = () => new AppError('VALIDATION_ERROR', 'The camera has no stream address', { details: { streamUrl: 'required' } });
  switch (camera.streamType) {
    case 'RTSP':
      if (!url) throw missing();
      return { kind: 'rtsp', url, transport: camera.rtspTransport };
    case 'HTTP':
      if (!url) throw missing();
      return { kind: 'http', url };
    case 'Socket':
      if (!url) throw missing();
      return url.toLowerCase().startsWith('udp:') ? { kind: 'udp', url } : { kind: 'tcp', url };
    case 'USB':
      if (!camera.devicePath) throw missing();
      return { kind: 'usb', device: camera.devicePath };
    case 'Local File':
      if (!camera.devicePath) throw missing();
      return { kind: 'file', path: camera.devicePath };
  }
}
