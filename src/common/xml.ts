/**
 * The one seam for XML parsing.
 *
 * Shape: namespace prefixes are stripped (some S3-compatible servers send a wrong
 * namespace), every child is an array (a one-element list is still a list), attributes
 * live under `$`, text of an element with attributes under `_` — xml2js's shape with the
 * options below.
 *
 * Two parsers give that shape. A small scanner in this file reads the documents cloud
 * APIs send (elements, attributes, text, the five XML entities and character
 * references, CDATA, comments, processing instructions): on S3 and Azure listings it is
 * several times faster than xml2js, which was 60% of the CPU time of listing 5,000 S3
 * objects (bench/sdk.ts). Whatever it is not sure of — a DOCTYPE, an unknown entity, a
 * carriage return, a non-ASCII or reserved name, anything malformed — it hands to
 * xml2js, which decides: the result is then xml2js's, and a malformed document is
 * xml2js's MalformedResponseError, as before. test/common/xml-fast.test.ts checks that
 * both give the same result on every XML fixture and on edge cases. Neither resolves
 * external entities (no XXE): the scanner never reads a DOCTYPE, and sax, under
 * xml2js, resolves none.
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
  const fast = scanXml(text);
  if (fast !== undefined) return fast;
  return parseWithXml2js(text);
}

/** @internal xml2js with the options above: the reference the scanner must match, and its fallback. */
export async function parseWithXml2js(text: string): Promise<XmlElement> {
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

// ---------------------------------------------------------------------------
// The scanner.

/** Thrown inside the scanner: "not sure, ask xml2js". */
const UNSURE = Symbol('unsure');

/** Element and attribute names the scanner takes: ASCII XML names. */
const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*$/;

/**
 * Names xml2js treats specially or that live on Object.prototype (`_`, `$`, `cdata`,
 * `#name`, `constructor`, `__proto__`, ...): left to xml2js, whose result for them the
 * scanner does not mimic.
 */
function reserved(name: string): boolean {
  return name === '_' || name === '$' || name === 'cdata' || name in Object.prototype;
}

/** Raw names already checked, to their stripped form ('' when left to xml2js); bounded. */
const names = new Map<string, string>();

/** The name xml2js would give `raw` (prefix stripped), or UNSURE. */
function nameOf(raw: string): string {
  let name = names.get(raw);
  if (name === undefined) {
    name = NAME.test(raw) ? stripPrefix(raw) : '';
    if (reserved(name)) name = '';
    if (names.size >= 4096) names.clear();
    names.set(raw, name);
  }
  if (name === '') throw UNSURE;
  return name;
}

/** xml2js's `processors.stripPrefix`: everything up to the last colon, unless the name starts with `xmlns`. */
function stripPrefix(name: string): string {
  const colon = name.lastIndexOf(':');
  if (colon < 0 || name.startsWith('xmlns')) return name;
  return name.slice(colon + 1);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes entity and character references as sax (strict) does; anything else is UNSURE. */
function decode(text: string): string {
  let out = '';
  let from = 0;
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', from)) {
    const semi = text.indexOf(';', amp + 1);
    if (semi < 0) throw UNSURE;
    const entity = text.slice(amp + 1, semi);
    let value = NAMED_ENTITIES[entity];
    if (value === undefined || !Object.hasOwn(NAMED_ENTITIES, entity)) {
      // sax: the digits must be the number's canonical form (hex in lowercase).
      const hex = /^#x([0-9a-f]+)$/.exec(entity);
      const dec = hex ? undefined : /^#([0-9]+)$/.exec(entity);
      const digits = (hex ?? dec)?.[1]?.replace(/^0+/, '');
      if (digits === undefined) throw UNSURE;
      const code = parseInt(digits, hex ? 16 : 10);
      if (!isXmlChar(code) || code.toString(hex ? 16 : 10) !== digits) throw UNSURE;
      value = String.fromCodePoint(code);
    }
    out += text.slice(from, amp) + value;
    from = semi + 1;
  }
  return out + text.slice(from);
}

/** XML 1.0 `Char` (sax rejects a character reference outside it). */
function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** An element being built: its raw name (to match the end tag), its object, its text. */
interface Open {
  raw: string;
  name: string;
  obj: Record<string, unknown>;
  text: string;
  cdata: boolean;
}

/** Appends `value` under `name`, as xml2js's assignOrPush with explicitArray. */
function push(obj: Record<string, unknown>, name: string, value: unknown): void {
  const list = obj[name] as unknown[] | undefined;
  if (list === undefined) obj[name] = [value];
  else list.push(value);
}

/** What xml2js makes of a closed element (see its `onclosetag`). */
function closed(open: Open): unknown {
  const { obj, text } = open;
  // xml2js drops whitespace-only text unless it came from CDATA.
  if (!open.cdata && /^\s*$/.test(text)) {
    let empty = true;
    for (const _ in obj) {
      empty = false;
      break;
    }
    return empty ? '' : obj;
  }
  let only = true;
  for (const _ in obj) {
    only = false;
    break;
  }
  if (only) return text;
  // xml2js created `_` first: keep that key order.
  return { _: text, ...obj };
}

const WS = /[ \t\n]/;

/**
 * Parses `text` into xml2js's shape, or returns undefined when it is not sure the
 * document is well-formed and in the subset it reads (then xml2js decides).
 */
export function scanXml(input: string): XmlElement | undefined {
  try {
    return scan(input);
  } catch (err) {
    if (err === UNSURE) return undefined;
    throw err;
  }
}

function scan(input: string): XmlElement | undefined {
  // xml2js strips a byte order mark; sax does not turn \r\n into \n as XML says.
  const doc = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (doc.includes('\r')) throw UNSURE;
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  let pos = 0;
  const end = doc.length;
  while (pos < end) {
    const lt = doc.indexOf('<', pos);
    const stop = lt < 0 ? end : lt;
    if (stop > pos) {
      const raw = doc.slice(pos, stop);
      const top = stack[stack.length - 1];
      if (top === undefined) {
        // Outside the root only whitespace (sax: "Text data outside of root node").
        if (/[^ \t\n]/.test(raw)) throw UNSURE;
      } else {
        if (raw.includes(']]>')) throw UNSURE;
        top.text += raw.includes('&') ? decode(raw) : raw;
      }
    }
    if (lt < 0) break;
    const next = doc.charCodeAt(lt + 1);
    if (next === 0x2f /* / */) {
      const gt = doc.indexOf('>', lt + 2);
      if (gt < 0) throw UNSURE;
      const name = doc.slice(lt + 2, gt).replace(/[ \t\n]+$/, '');
      const open = stack.pop();
      if (open === undefined || open.raw !== name) throw UNSURE;
      const value = closed(open);
      const parent = stack[stack.length - 1];
      if (parent) push(parent.obj, open.name, value);
      else root = { [open.name]: value } as XmlElement;
      pos = gt + 1;
      continue;
    }
    if (next === 0x3f /* ? */) {
      const close = doc.indexOf('?>', lt + 2);
      // sax reads `??>` as part of the instruction, not its end.
      if (close < 0 || doc.slice(lt + 2, close).includes('?')) throw UNSURE;
      pos = close + 2;
      continue;
    }
    if (next === 0x21 /* ! */) {
      if (doc.startsWith('<!--', lt)) {
        const close = doc.indexOf('-->', lt + 4);
        // sax: "--" inside a comment is malformed.
        if (close < 0) throw UNSURE;
        const comment = doc.slice(lt + 4, close);
        if (comment.includes('--') || comment.endsWith('-')) throw UNSURE;
        pos = close + 3;
        continue;
      }
      const top = stack[stack.length - 1];
      if (top !== undefined && doc.startsWith('<![CDATA[', lt)) {
        const close = doc.indexOf(']]>', lt + 9);
        if (close < 0) throw UNSURE;
        top.text += doc.slice(lt + 9, close);
        top.cdata = true;
        pos = close + 3;
        continue;
      }
      // DOCTYPE (and its entities) and anything else: xml2js's business.
      throw UNSURE;
    }
    // A start tag.
    if (root !== undefined) throw UNSURE; // a second root
    let i = lt + 1;
    while (i < end) {
      const c = doc.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x3e /* > */ || c === 0x2f /* / */) break;
      i++;
    }
    const raw = doc.slice(lt + 1, i);
    const name = nameOf(raw);
    const obj: Record<string, unknown> = {};
    let attrs: Record<string, string> | undefined;
    let selfClosing = false;
    for (;;) {
      let spaced = false;
      while (i < end && WS.test(doc[i]!)) {
        i++;
        spaced = true;
      }
      if (i >= end) throw UNSURE;
      const c = doc[i];
      if (c === '>') {
        i++;
        break;
      }
      if (c === '/') {
        if (doc[i + 1] !== '>') throw UNSURE;
        selfClosing = true;
        i += 2;
        break;
      }
      // An attribute: whitespace before it, name, `=`, a quoted value.
      if (!spaced) throw UNSURE;
      const eq = doc.indexOf('=', i);
      if (eq < 0) throw UNSURE;
      const attrRaw = doc.slice(i, eq).replace(/[ \t\n]+$/, '');
      i = eq + 1;
      while (i < end && WS.test(doc[i]!)) i++;
      const quote = doc[i];
      if (quote !== '"' && quote !== "'") throw UNSURE;
      const close = doc.indexOf(quote, i + 1);
      if (close < 0) throw UNSURE;
      const rawValue = doc.slice(i + 1, close);
      if (rawValue.includes('<')) throw UNSURE;
      const attrName = nameOf(attrRaw);
      attrs ??= {};
      // sax keeps the first of two equal names; xml2js would then see one.
      if (Object.hasOwn(attrs, attrName)) throw UNSURE;
      attrs[attrName] = rawValue.includes('&') ? decode(rawValue) : rawValue;
      i = close + 1;
      const after = doc[i];
      if (after !== '>' && after !== '/' && !(after !== undefined && WS.test(after))) throw UNSURE;
    }
    if (attrs !== undefined) obj.$ = attrs;
    const open: Open = { raw, name, obj, text: '', cdata: false };
    if (selfClosing) {
      const value = closed(open);
      const parent = stack[stack.length - 1];
      if (parent) push(parent.obj, name, value);
      else root = { [name]: value } as XmlElement;
    } else {
      stack.push(open);
    }
    pos = i;
  }
  if (stack.length > 0 || root === undefined) throw UNSURE;
  return root;
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
