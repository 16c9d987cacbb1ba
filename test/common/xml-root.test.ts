import { describe, expect, it } from 'vitest';
import { parseXml, xmlChild, xmlFind, xmlText } from '../../src/common/xml.js';
import { XmlResponse } from '../../src/connection/response.js';

describe('XML helpers on the document root', () => {
  it('find the root element, which parseXml stores as one element rather than a list', async () => {
    const doc = await parseXml('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>gone</Message></Error>');
    expect(xmlText(xmlChild(doc, 'Error'), 'Code')).toBe('NoSuchKey');
    expect(xmlText(xmlFind(doc, 'Error'), 'Message')).toBe('gone');
  });

  it('still find an Error nested below the root', async () => {
    const doc = await parseXml('<Response><Errors><Error><Code>InvalidInstanceID</Code></Error></Errors></Response>');
    expect(xmlText(xmlFind(doc, 'Error'), 'Code')).toBe('InvalidInstanceID');
  });

  it('let XmlResponse report an S3-style root <Error> code and message', async () => {
    const res = new XmlResponse({
      status: 404,
      headers: {},
      body: Buffer.from('<Error><Code>NoSuchBucket</Code><Message>The bucket does not exist</Message></Error>'),
      method: 'GET',
      url: 'https://example.com/b',
      provider: undefined,
    });
    expect(await res.errorCode()).toBe('NoSuchBucket');
    expect(await res.errorMessage()).toBe('NoSuchBucket: The bucket does not exist');
  });
});
