/**
 * The one seam for XML parsing. xml2js was measured as fast as the alternatives on a
 * 5 MB EC2-shaped document; keeping it behind `parseXml()` keeps it swappable.
 *
 * Shape: namespace prefixes are stripped (some S3-compatible servers send a wrong
 * namespace), every child is an array (a one-element list is still a list), attributes
 * live under `$`, text of an element with attributes under `_`. sax, under xml2js,
 * never resolves external entities (no XXE).
 */
import { MalformedResponseError } from './errors/index.js';

/** A parsed XML element: children by name (always arrays), attributes in `$`, text in `_`. */
export interface XmlElement {
  /** Attributes, by name (namespace prefixes stripped). */
  $?: Record<string, string>;
  /** Text of an element that also has attributes. */
  _?: string;
  [child: string]: XmlNode[] | Record<string, string> | string | undefined;
}

/** A child: an element, or a string for a text-only element. */
export type XmlNode = XmlElement | string;

/** xml2js, imported on the first parse rather than when nubes is imported. */
let xml2js: Promise<typeof import('xml2js')> | undefined;

const parserOptions = {
  explicitArray: true,
  explicitRoot: true,
  xmlns: false,
  async: false,
  strict: true,
  emptyTag: () => '',
};

/**
 * Parses an XML document. The result has one key, the root element's name.
 *
 * @throws {MalformedResponseError} when the text is not well-formed XML.
 */
export async function parseXml(text: string): Promise<XmlElement> {
  const { Parser, processors } = await (xml2js ??= import('xml2js'));
  const parser = new Parser({
    ...parserOptions,
    tagNameProcessors: [processors.stripPrefix],
    attrNameProcessors: [processors.stripPrefix],
  });
  try {
    const result = (await parser.parseStringPromise(text)) as XmlElement | null;
    return result ?? {};
  } catch (err) {
    throw new MalformedResponseError(`Response is not well-formed XML: ${(err as Error).message.split('\n')[0]}`, {
      cause: err,
    });
  }
}

function asElement(node: XmlNode | undefined): XmlElement | undefined {
  if (node === undefined) return undefined;
  return typeof node === 'string' ? { _: node } : node;
}

/** The child elements named `name` (an empty list when there are none). */
export function xmlChildren(el: XmlElement | undefined, name: string): XmlElement[] {
  if (name === '$' || name === '_') return [];
  const value = el?.[name];
  // The document root is an element, not a list (xml2js explicitRoot).
  if (value && typeof value === 'object' && !Array.isArray(value)) return [value as XmlElement];
  if (!Array.isArray(value)) return [];
  return value.map((n) => asElement(n)!);
}

/** The first child element named `name`. */
export function xmlChild(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return xmlChildren(el, name)[0];
}

/** The text of the first child named `name`, or of `el` itself when `name` is omitted. */
export function xmlText(el: XmlElement | undefined, name?: string): string | undefined {
  if (name === undefined) {
    if (el === undefined) return undefined;
    return typeof el._ === 'string' ? el._ : '';
  }
  const value = el?.[name];
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const first = value[0]!;
  return typeof first === 'string' ? first : (first._ ?? '');
}

/** Finds the first element named `name` anywhere below `el` (depth first). */
export function xmlFind(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  const direct = xmlChild(el, name);
  if (direct) return direct;
  for (const [key, value] of Object.entries(el)) {
    if (key === '$' || key === '_' || typeof value !== 'object' || value === null) continue;
    for (const child of Array.isArray(value) ? value : [value as XmlElement]) {
      if (typeof child === 'string') continue;
      const found = xmlFind(child, name);
      if (found) return found;
    }
  }
  return undefined;
}
