import { describe, expect, it } from 'vitest';
import { parseXml, xmlChild, xmlFind, xmlText } from '../../src/common/xml.js';

describe('xml helpers on a parsed document', () => {
  it('find elements below the root element (stored as an object, not a list)', async () => {
    const doc = await parseXml('<Response><Errors><Error><Code>AuthFailure</Code></Error></Errors><RequestID>r-1</RequestID></Response>');
    expect(xmlText(xmlFind(doc, 'Error'), 'Code')).toBe('AuthFailure');
    expect(xmlText(xmlChild(doc, 'Response'), 'RequestID')).toBe('r-1');
  });

  it('find the root element itself', async () => {
    const doc = await parseXml('<Error><Code>NoSuchKey</Code></Error>');
    expect(xmlText(xmlFind(doc, 'Error'), 'Code')).toBe('NoSuchKey');
  });

  it('never treat attributes as children', async () => {
    const doc = await parseXml('<a x="1"><b>t</b></a>');
    expect(xmlChild(xmlChild(doc, 'a'), '$')).toBeUndefined();
    expect(xmlText(xmlChild(doc, 'a'), 'b')).toBe('t');
  });
});
