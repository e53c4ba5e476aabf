import { describe, expect, it } from 'vitest';
import { createSecretBox, maskUrlCredentials } from '@sentinel/platform';
import { redact } from '../packages/api/src/audit/trail.ts';

describe('credential masking', () => {
  it.each([
    ['rtsp://admin:s3cret@10.0.0.5:554/live', 'rtsp://admin:****@10.0.0.5:554/live'],
    ['rtsp://user:p@ss@host/x', 'rtsp://user:****@host/x'],
    ['http://10.0.0.9/mjpeg?user=a&password=hunter2&x=1', 'http://10.0.0.9/mjpeg?user=a&password=****&x=1'],
    ['rtsp://operator@host/x', 'rtsp://operator@host/x'], // a user name alone is not a secret
    ['rtsp://10.0.0.5/live', 'rtsp://10.0.0.5/live'],
  ])('%s -> %s', (input, masked) => {
    expect(maskUrlCredentials(input)).toBe(masked);
  });
});

describe('secret box', () => {
  it('round-trips, uses a fresh IV each time and detects tampering', () => {
    const box = createSecretBox('k'.repeat(40));
    const a = box.seal('rtsp://u:p@h/x');
    const b = box.seal('rtsp://u:p@h/x');
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe('rtsp://u:p@h/x');
    // flip a character inside the ciphertext (the last base64 character may only carry padding bits)
    const i = Math.floor(a.length / 2);
    const tampered = `${a.slice(0, i)}${a[i] === 'A' ? 'B' : 'A'}${a.slice(i + 1)}`;
    expect(() => box.open(tampered)).toThrow();
    expect(() => createSecretBox('other'.repeat(10)).open(a)).toThrow();
  });
});

describe('audit redaction', () => {
  it('hides secrets and URL credentials but keeps flags about them', () => {
    expect(redact({ password: 'x', apiKey: 'y', nested: { refreshToken: 'z' }, streamUrl: 'rtsp://a:b@h/s', hasCredentials: true })).toEqual({
      password: '[redacted]',
      apiKey: '[redacted]',
      nested: { refreshToken: '[redacted]' },
      streamUrl: 'rtsp://a:****@h/s',
      hasCredentials: true,
    });
  });
});
