/** The stream-address rules, one stream type at a time: what is accepted, how it is normalised, which field is blamed. */
import { describe, expect, it } from 'vitest';
import { checkStreamAddress } from '../packages/api/src/cameras/stream-address.ts';

describe('RTSP', () => {
  it('accepts rtsp:// and rtsps:// URLs and reports the host as the IP address', () => {
    expect(checkStreamAddress({ streamType: 'RTSP', streamUrl: 'rtsp://admin:secret@10.0.0.5:554/stream1' })).toEqual({
      ok: true, streamUrl: 'rtsp://admin:secret@10.0.0.5:554/stream1', devicePath: null, ipAddress: '10.0.0.5',
    });
    expect(checkStreamAddress({ streamType: 'RTSP', streamUrl: 'rtsps://gate-a.site.local/live' })).toMatchObject({ ok: true, ipAddress: 'gate-a.site.local' });
  });

  it('strips the brackets of an IPv6 host', () => {
    expect(checkStreamAddress({ streamType: 'RTSP', streamUrl: 'rtsp://[fe80::1]:554/live' })).toMatchObject({ ok: true, ipAddress: 'fe80::1' });
  });

  it('rejects an http:// URL, a URL without host, and a missing URL, blaming streamUrl', () => {
    for (const streamUrl of ['http://10.0.0.5/stream', 'rtsp://', 'rtsp:/10.0.0.5/x', 'not a url', null, undefined, '   ']) {
      const result = checkStreamAddress({ streamType: 'RTSP', streamUrl });
      expect(result, String(streamUrl)).toMatchObject({ ok: false, field: 'streamUrl' });
    }
  });

  it('rejects a device path on a network camera', () => {
    expect(checkStreamAddress({ streamType: 'RTSP', streamUrl: 'rtsp://h/x', devicePath: '/dev/video0' })).toMatchObject({ ok: false, field: 'devicePath' });
  });
});

describe('HTTP', () => {
  it('accepts http:// and https:// with a host', () => {
    expect(checkStreamAddress({ streamType: 'HTTP', streamUrl: 'http://192.168.1.20:8080/video.mjpg' })).toMatchObject({ ok: true, ipAddress: '192.168.1.20' });
    expect(checkStreamAddress({ streamType: 'HTTP', streamUrl: 'https://cam.example/snap' })).toMatchObject({ ok: true, ipAddress: 'cam.example' });
  });

  it('rejects other schemes', () => {
    expect(checkStreamAddress({ streamType: 'HTTP', streamUrl: 'rtsp://10.0.0.5/x' })).toMatchObject({ ok: false, field: 'streamUrl' });
    expect(checkStreamAddress({ streamType: 'HTTP', streamUrl: 'ftp://10.0.0.5/x' })).toMatchObject({ ok: false, field: 'streamUrl' });
  });
});

describe('Socket', () => {
  it('accepts tcp:// and udp:// with host and port', () => {
    expect(checkStreamAddress({ streamType: 'Socket', streamUrl: 'tcp://10.0.0.9:5000' })).toMatchObject({ ok: true, streamUrl: 'tcp://10.0.0.9:5000', ipAddress: '10.0.0.9' });
    expect(checkStreamAddress({ streamType: 'Socket', streamUrl: 'udp://[::1]:6000' })).toMatchObject({ ok: true, ipAddress: '::1' });
  });

  it('rejects a missing or zero port, and other schemes', () => {
    for (const streamUrl of ['tcp://10.0.0.9', 'udp://10.0.0.9:0', 'http://10.0.0.9:5000', 'tcp://10.0.0.9:70000']) {
      expect(checkStreamAddress({ streamType: 'Socket', streamUrl }), streamUrl).toMatchObject({ ok: false, field: 'streamUrl' });
    }
  });
});

describe('USB', () => {
  it('accepts /dev/videoN and has no IP address', () => {
    expect(checkStreamAddress({ streamType: 'USB', devicePath: '/dev/video2' })).toEqual({ ok: true, streamUrl: null, devicePath: '/dev/video2', ipAddress: null });
  });

  it('rejects other device paths, blaming devicePath', () => {
    for (const devicePath of ['/dev/video', '/dev/sda', '/dev/video0/../sda', 'video0', null]) {
      expect(checkStreamAddress({ streamType: 'USB', devicePath }), String(devicePath)).toMatchObject({ ok: false, field: 'devicePath' });
    }
  });

  it('rejects a stream URL', () => {
    expect(checkStreamAddress({ streamType: 'USB', devicePath: '/dev/video0', streamUrl: 'rtsp://h/x' })).toMatchObject({ ok: false, field: 'streamUrl' });
  });
});

describe('Local File', () => {
  it('accepts an absolute devicePath, normalised', () => {
    expect(checkStreamAddress({ streamType: 'Local File', devicePath: '/srv/footage//gate/../lobby.mp4' })).toEqual({
      ok: true, streamUrl: null, devicePath: '/srv/footage/lobby.mp4', ipAddress: null,
    });
  });

  it('moves a file:/// URL into devicePath, decoding it', () => {
    expect(checkStreamAddress({ streamType: 'Local File', streamUrl: 'file:///srv/footage/gate%20a.mp4' })).toEqual({
      ok: true, streamUrl: null, devicePath: '/srv/footage/gate a.mp4', ipAddress: null,
    });
  });

  it('rejects relative paths, directories, remote file URLs and a missing path', () => {
    expect(checkStreamAddress({ streamType: 'Local File', devicePath: 'footage/a.mp4' })).toMatchObject({ ok: false, field: 'devicePath' });
    expect(checkStreamAddress({ streamType: 'Local File', devicePath: '/srv/footage/' })).toMatchObject({ ok: false, field: 'devicePath' });
    expect(checkStreamAddress({ streamType: 'Local File', streamUrl: 'file://fileserver/a.mp4' })).toMatchObject({ ok: false, field: 'streamUrl' });
    expect(checkStreamAddress({ streamType: 'Local File', streamUrl: 'http://h/a.mp4' })).toMatchObject({ ok: false, field: 'streamUrl' });
    expect(checkStreamAddress({ streamType: 'Local File' })).toMatchObject({ ok: false, field: 'devicePath' });
  });
});
