/**
 * The XML scanner (src/common/xml.ts) against xml2js, its reference: on every XML
 * fixture, on edge cases (entities, CDATA, mixed content, prefixes, reserved names) and
 * on thousands of mutated documents, `parseXml` must give exactly what xml2js gives
 * (same keys in the same order), or fail with MalformedResponseError where xml2js fails.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../../src/common/errors/index.js';
import { parseWithXml2js, parseXml, scanXml } from '../../src/common/xml.js';

type Outcome = { ok: true; json: string } | { ok: false; malformed: boolean };

async function outcome(parse: (text: string) => Promise<unknown>, text: string): Promise<Outcome> {
  try {
    return { ok: true, json: JSON.stringify(await parse(text)) };
  } catch (err) {
    return { ok: false, malformed: err instanceof MalformedResponseError };
  }
}

async function expectSame(text: string): Promise<void> {
  const reference = await outcome(parseWithXml2js, text);
  const ours = await outcome(parseXml, text);
  expect(ours, text).toEqual(reference);
}

function xmlFixtures(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...xmlFixtures(path));
    else if (entry.endsWith('.xml')) out.push(path);
  }
  return out;
}

const FIXTURES = xmlFixtures(new URL('../fixtures', import.meta.url).pathname);

const EDGE_CASES = [
  '<a>&amp;&lt;&gt;&quot;&apos;&#65;&#x41;&#x1f600;&#128512;</a>',
  '<a x="&amp;&#34;" y=\'1 &lt; 2\' z = "sp aced" xmlns="urn:a" xmlns:p="urn:p" p:q="prefixed"/>',
  '<a>text<b>x</b>more<b>y</b>tail</a>',
  '<a x="1">text</a>',
  '<a x="1"> \n\t </a>',
  '<a> </a>',
  '<a><b> </b><c/><d></d></a>',
  '<a><![CDATA[ ]]></a>',
  '<a><![CDATA[<x>&amp;]]>after</a>',
  '<a>before<![CDATA[]]></a>',
  '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><r><!-- inside --><v>1</v><?pi x?></r>\n<!-- after -->\n',
  '\ufeff<r><v>bom</v></r>',
  '<s3:R xmlns:s3="urn:s3"><s3:K>1</s3:K><a:b:c>deep</a:b:c><xmlns:k>kept</xmlns:k></s3:R>',
  '<r><K>1</K><L>2</L><K>3</K></r>',
  '<r>  <K>1</K>\n  <K>2</K>\n</r>',
  '<r><é>x</é></r>',
  '<r><constructor>1</constructor></r>',
  '<r><toString>1</toString><valueOf/></r>',
  '<r><_>1</_></r>',
  '<r><cdata>1</cdata></r>',
  '<r><__proto__><polluted>yes</polluted></__proto__></r>',
  '<r a="1" a="2"/>',
  '<r $="1"/>',
  '<r>a\r\nb</r>',
  '<r>unicode: żółć 日本 \u2028</r>',
  '<r>\u00a0</r>',
  '<r></r >',
  '<r/>',
  '<r x="1"/>',
  '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a&amp;b</Key><RequestId>tx1</RequestId></Error>',
  '<EnumerationResults ServiceEndpoint="http://127.0.0.1/acct" ContainerName="c"><Blobs><Blob><Name Encoded="true">a%20b</Name><Properties><Content-Length>1</Content-Length></Properties><Metadata><k>v</k></Metadata></Blob><BlobPrefix><Name>p/</Name></BlobPrefix></Blobs><NextMarker/></EnumerationResults>',
  // Malformed or outside the scanner's subset.
  '<a><b></a>',
  '<a>',
  '</a>',
  '<a></A>',
  '<a>&foo;</a>',
  '<a>&AMP;</a>',
  '<a>&#X41;</a>',
  '<a>&#x4A;</a>',
  '<a>&#065;</a>',
  '<a>&#0;</a>',
  '<a>&#x110000;</a>',
  '<a>&amp</a>',
  '<a>a & b</a>',
  '<a b=1/>',
  '<a b/>',
  '<a b="1"c="2"/>',
  '<a b="<"/>',
  '<a><!-- x -- y --></a>',
  'text<a/>',
  '<a/>text',
  '<a/><b/>',
  '<a>]]></a>',
  '<![CDATA[x]]><a/>',
  '< a/>',
  '<1a/>',
  '<a',
  '<a b="1"',
  '<?xml version="1.0"?>',
  '',
  '   ',
  '<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>',
  '<?xml version="1.0"?><!DOCTYPE r><r/>',
];

/** A small seeded PRNG (mulberry32): the mutations are the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['<', '>', '/', '&', ';', '"', "'", '=', ' ', '\n', '<!--', '-->', '<![CDATA[', ']]>', '&amp;', '&#65;', '&#x;', 'a', 'B', ':', '_', '$', '<?', '?>', '<a>', '</a>', '<b/>', 'x="1"', '\t', '&#', 'x', '-', '--', '?', '!', '[', ']', '&lt;', '&#x1f600;', '<!DOCTYPE', '\u00e9', '\ufeff', '\r', 'xmlns:', '_', 'cdata'];

function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.4 && out.length > 0) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 3));
    else if (kind < 0.8) out = out.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)]! + out.slice(at);
    else {
      const j = Math.floor(random() * out.length);
      out = out.slice(0, at) + out.slice(j, j + 1 + Math.floor(random() * 4)) + out.slice(at);
    }
  }
  return out;
}

describe('the XML scanner gives what xml2js gives', () => {
  it('has XML fixtures to compare on', () => {
    expect(FIXTURES.length).toBeGreaterThan(50);
  });

  it('on every XML fixture', async () => {
    for (const path of FIXTURES) await expectSame(readFileSync(path, 'utf8'));
  });

  it('reads the listings itself (no fallback to xml2js)', () => {
    const listings = FIXTURES.map((p) => readFileSync(p, 'utf8')).filter((t) => /<(ListBucketResult|EnumerationResults)\b/.test(t));
    expect(listings.length).toBeGreaterThan(0);
    for (const text of listings) expect(scanXml(text), text.slice(0, 200)).toBeDefined();
    expect(scanXml(EDGE_CASES[0]!)).toBeDefined();
  });

  it.each(EDGE_CASES.map((text) => [JSON.stringify(text).slice(0, 70), text]))('on %s', async (_name, text) => {
    await expectSame(text);
  });

  it('leaves what it is not sure of to xml2js', () => {
    for (const text of ['<a><b></a>', '<a>&foo;</a>', '<!DOCTYPE r><r/>', '<r><constructor/></r>', '<r>a\r\nb</r>', '<a/><b/>', '']) {
      expect(scanXml(text), text).toBeUndefined();
    }
  });

  it('never accepts a document xml2js rejects, nor reads one differently (4,000 mutations)', async () => {
    const random = prng(19);
    const seeds = [...EDGE_CASES.filter((t) => t.length > 0), ...FIXTURES.slice(0, 20).map((p) => readFileSync(p, 'utf8').slice(0, 600))];
    for (let i = 0; i < 4000; i++) {
      const text = mutate(seeds[i % seeds.length]!, random);
      await expectSame(text);
    }
  }, 60_000);
});
