import { describe, expect, it } from 'vitest';
import { MalformedResponseError, parseXml, xmlChildren, xmlFind, xmlText } from '../../src/index.js';

describe('parseXml', () => {
  it('strips namespace prefixes and keeps one-element lists as lists', async () => {
    const doc = await parseXml(
      '<s3:ListBucketResult xmlns:s3="http://wrong.example/ns"><s3:Name>b</s3:Name><s3:Contents><s3:Key>a.txt</s3:Key></s3:Contents></s3:ListBucketResult>',
    );
    const root = xmlFind(doc, 'ListBucketResult');
    expect(xmlText(root, 'Name')).toBe('b');
    const contents = xmlChildren(root, 'Contents');
    expect(contents).toHaveLength(1);
    expect(xmlText(contents[0], 'Key')).toBe('a.txt');
  });

  it('does not resolve external entities', async () => {
    const doc = await parseXml('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><v>&x;</v></r>').catch((e: unknown) => e);
    const text = doc instanceof Error ? doc.message : JSON.stringify(doc);
    expect(text).not.toContain('root:');
  });

  it('reports malformed XML as MalformedResponseError', async () => {
    await expect(parseXml('<a><b></a>')).rejects.toBeInstanceOf(MalformedResponseError);
  });

  it('reads empty elements as empty text', async () => {
    const doc = await parseXml('<r><Marker/><Next>x</Next></r>');
    expect(xmlText(doc.r as never, 'Marker')).toBe('');
  });
});
