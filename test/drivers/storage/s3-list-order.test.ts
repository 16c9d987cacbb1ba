/**
 * The S3 listing's key order without encoding keys: compareUtf8 must order like the
 * UTF-8 bytes S3 sorts by (Buffer.compare), including characters above U+FFFF against
 * U+E000-U+FFFF, where UTF-16 order differs.
 */
import { describe, expect, it } from 'vitest';
import { compareUtf8 } from '../../../src/drivers/storage/s3/driver.js';

const ALPHABET = ['a', 'b', 'Z', '/', ' ', '~', '\u00e9', '\u0800', '\ud7ff', '\ue000', '\uff5e', '\uffff', '\u{10000}', '\u{1f600}', '\u{10ffff}', ''];

describe('compareUtf8', () => {
  it('orders like Buffer.compare on the UTF-8 bytes', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const key = (): string => Array.from({ length: Math.floor(random() * 5) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
    for (let i = 0; i < 20_000; i++) {
      const a = key();
      const b = key();
      expect(Math.sign(compareUtf8(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
    }
  });

  it('puts a character above U+FFFF after U+FFFF (UTF-16 order would not)', () => {
    expect(compareUtf8('\u{1f600}', '\uffff')).toBeGreaterThan(0);
    expect('\u{1f600}' < '\uffff').toBe(true);
  });
});
