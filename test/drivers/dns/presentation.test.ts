import { describe, expect, it } from 'vitest';
import { formatCaa, formatSrv, parseCaa, parseSrv } from '../../../src/drivers/dns/presentation.js';

describe('presentation-form SRV and CAA values', () => {
  it('parses and formats SRV data without the priority', () => {
    expect(parseSrv(' 5  5060 sip.example.com. ')).toEqual({ weight: 5, port: 5060, target: 'sip.example.com.' });
    expect(formatSrv({ weight: 0, port: 443, target: 'x' })).toBe('0 443 x');
  });

  it.each(['5 5060', '5 70000 sip', 'a 1 sip', '1 2 3 4'])('refuses SRV data %j naming data', (data) => {
    expect(() => parseSrv(data)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', option: 'data' }));
  });

  it('parses quoted and unquoted CAA values and formats them quoted, escapes included', () => {
    expect(parseCaa('0 issue "letsencrypt.org"')).toEqual({ flags: 0, tag: 'issue', value: 'letsencrypt.org' });
    expect(parseCaa('128 iodef mailto:sec@example.com')).toEqual({ flags: 128, tag: 'iodef', value: 'mailto:sec@example.com' });
    expect(parseCaa(formatCaa({ flags: 0, tag: 'issue', value: 'ca.example; "x"' }))).toEqual({ flags: 0, tag: 'issue', value: 'ca.example; "x"' });
  });

  it.each(['issue letsencrypt.org', '256 issue x', '0 issue'])('refuses CAA data %j naming data', (data) => {
    expect(() => parseCaa(data)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', option: 'data' }));
  });
});
