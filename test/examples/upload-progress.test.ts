import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/upload-progress.ts', () => {
  it('streams 8 MiB up and down on Local storage with progress and a matching MD5', async () => {
    const r = await runExample('upload-progress');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'upload    25%  2097152 / 8388608 bytes',
        'upload    50%  4194304 / 8388608 bytes',
        'upload    75%  6291456 / 8388608 bytes',
        'upload   100%  8388608 / 8388608 bytes',
        'uploaded backups/data/blob.bin: 8388608 bytes, md5 2d2532dd93d8e268c65c1f1a3048d588',
        'matches the bytes sent: true',
        'download  25%  2097152 / 8388608 bytes',
        'download  50%  4194304 / 8388608 bytes',
        'download  75%  6291456 / 8388608 bytes',
        'download 100%  8388608 / 8388608 bytes',
        'downloaded to a temporary file, checked, then renamed into place',
        'streamed 8388608 bytes back',
        '',
      ].join('\n'),
    );
  });
});
