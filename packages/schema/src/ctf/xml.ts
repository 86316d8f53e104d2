import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CtfRawElement } from './schema.js';

/** An element read from the file, with where it sits. */
export interface XmlNode extends CtfRawElement {
  children: XmlNode[];
  /** The first reference in the text that was left as written (`&nbsp;`, `&#0;`): XML defines no such character. */
  unresolved?: string;
}

export type XmlReadResult = { ok: true; root: XmlNode } | { ok: false; code: string; message: string; line?: number };

/** CTF nests about seven levels deep; anything far deeper is not a CTF and could exhaust the stack. */
const MAX_DEPTH = 64;

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes the five XML entities and character references. The parser's own entity handling is switched off so
 * that a file can never define entities (no entity expansion, no external entities); these are all a CTF needs.
 */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (whole, body: string) => {
    if (body[0] !== '#') return NAMED[body] ?? whole;
    const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    // A surrogate on its own, U+FFFE and U+FFFF are not characters (XML 1.0 section 2.2): decoded, a lone surrogate
    // would pass every text check and reach the database, which stores it as U+FFFD, a name silently changed.
    const character =
      code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff;
    return character ? String.fromCodePoint(code) : whole;
  });
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
  // Kept apart from text: CDATA is literal, so `&amp;` inside it must not be decoded.
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
  // The parser's own guard (fast-xml-parser 5.3+); convert() below checks depth as well for older versions.
  maxNestedTags: MAX_DEPTH,
});

type Ordered = Record<string, unknown>;

/**
 * fast-xml-parser refuses a whole document holding an element or attribute named `constructor`, `__proto__` or
 * `prototype`, and renames those named like another member of `Object.prototype` (`toString` becomes
 * `__toString`). A CTF may carry any element, and an unknown one is kept and written back as it was, so such
 * names are escaped with this prefix before parsing and restored after; a name that already starts with the
 * prefix is escaped too, so every name comes back exactly.
 */
const ESCAPE = 'c2c-escaped.';
const needsEscape = (name: string) => name in Object.prototype || name === 'prototype' || name.startsWith(ESCAPE);
const unescapeName = (name: string) => (name.startsWith(ESCAPE) ? name.slice(ESCAPE.length) : name);
/** Cheap first look: most files hold no such name, and are passed on untouched. */
const RISKY = new RegExp(
  `[<\\s](?:[^\\s<>=/]*:)?(?:(?:${[...Object.getOwnPropertyNames(Object.prototype), 'prototype'].join('|')})[\\s=/>]|${ESCAPE.replace('.', '\\.')})`,
);
/** Markup whose names can be rewritten; comments, CDATA and processing instructions are matched to be skipped. */
const MARKUP =
  /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/([^\s>]+)|<([^\s/>!?]+)((?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*)/g;
const ATTRIBUTE = /(\s+)([^\s=]+)(\s*=\s*(?:"[^"]*"|'[^']*'))/g;
const escapeName = (name: string) => (needsEscape(name) ? ESCAPE + name : name);

/** The document with every element and attribute name fast-xml-parser would refuse or rename escaped. */
function escapeNames(xml: string): string {
  if (!RISKY.test(xml)) return xml;
  return xml.replace(MARKUP, (whole, end: string | undefined, start: string | undefined, attrs: string | undefined) => {
    if (end !== undefined) return `</${escapeName(end)}`;
    if (start === undefined) return whole;
    return `<${escapeName(start)}${(attrs ?? '').replace(ATTRIBUTE, (_a, space: string, name: string, rest: string) => space + escapeName(name) + rest)}`;
  });
}

/**
 * The `children` of every element that has none. A CTF can hold millions of leaves: an empty array each was
 * about a third of the tree's memory. Frozen, so a change to it fails loudly instead of reaching every leaf.
 */
const NO_CHILDREN = Object.freeze([]) as unknown as XmlNode[];

/** Left in the parser's arrays in place of an entry already converted, so the parser's tree shrinks as ours grows. */
const RELEASED: Ordered = Object.freeze({});

function convert(entry: Ordered, depth: number): XmlNode | null {
  const name = Object.keys(entry).find((k) => k !== ':@');
  if (!name || name === '#text') return null;
  if (depth > MAX_DEPTH) throw new DepthError();
  // CTF has no namespace of its own, but an exporter may prefix every element (<ctf:Pupil>): read the local name.
  const node: XmlNode = { name: unescapeName(name).slice(unescapeName(name).indexOf(':') + 1), children: NO_CHILDREN };
  const attrs = entry[':@'];
  if (attrs && typeof attrs === 'object')
    // fromEntries defines each name as the object's own property: `__proto__` stays an attribute, not a prototype.
    node.attrs = Object.fromEntries(
      Object.entries(attrs as Record<string, unknown>).map(([k, v]) => [unescapeName(k), decodeEntities(String(v))]),
    );
  let text = '';
  const inner = entry[name];
  if (Array.isArray(inner)) {
    const entries = inner as Ordered[];
    for (let i = 0; i < entries.length; i++) {
      const child = entries[i]!;
      // Both whole trees at once, for a 20 MB file of small elements, came to well over a gigabyte.
      entries[i] = RELEASED;
      if ('#text' in child) {
        const raw = String(child['#text']);
        const bad = raw.match(/&[^;&\s]*;/g)?.find((ref) => decodeEntities(ref) === ref);
        if (bad && !node.unresolved) node.unresolved = bad;
        text += decodeEntities(raw);
      } else if ('#cdata' in child)
        for (const part of child['#cdata'] as Ordered[]) text += String(part['#text'] ?? '');
      else {
        const c = convert(child, depth + 1);
        if (c) (node.children === NO_CHILDREN ? (node.children = []) : node.children).push(c);
      }
    }
  }
  if (text !== '') node.text = text;
  return node;
}

class DepthError extends Error {}

/**
 * Converts fast-xml-parser's ordered output into {@link XmlNode}s, emptying it as it goes: each entry is let go as
 * soon as it is converted. Exported for tests only (the package does not export this module).
 */
export function toTree(doc: unknown[]): XmlNode[] {
  const entries = doc as Ordered[];
  const roots: XmlNode[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    entries[i] = RELEASED;
    const node = convert(entry, 0);
    if (node) roots.push(node);
  }
  return roots;
}

/** Parses XML as {@link readXml} does, without checks or conversion. Exported for tests only. */
export const parseOrdered = (xml: string): unknown[] => parser.parse(escapeNames(xml)) as unknown[];

/**
 * The local name of the document's first element, found without parsing the document: past the declaration,
 * comments and processing instructions. Undefined when the text does not start like XML (or starts with a DOCTYPE).
 * Lets a reader refuse another kind of XML file (a census return, say, tens of megabytes of small elements) at
 * once, instead of building its whole tree first.
 */
export function rootElementName(xml: string): string | undefined {
  let i = 0;
  for (;;) {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
    const close = xml.startsWith('<?', i) ? '?>' : xml.startsWith('<!--', i) ? '-->' : undefined;
    if (close === undefined) break;
    const end = xml.indexOf(close, i + 2);
    // Unclosed: the parser explains it better.
    if (end < 0) return undefined;
    i = end + close.length;
  }
  const name = /^<([^\s/>!?]+)/.exec(xml.slice(i, i + 1000))?.[1];
  return name?.slice(name.indexOf(':') + 1);
}

/** Reads XML into a plain tree, or explains why it cannot be read. Never throws. */
export function readXml(xml: string): XmlReadResult {
  // A CTF never declares a DOCTYPE; one is how entity-expansion and external-entity attacks start.
  if (/<!DOCTYPE/i.test(xml)) {
    return {
      ok: false,
      code: 'ctf_doctype',
      message:
        'This file declares a DOCTYPE, which a Common Transfer File never does, so it was not read. Ask the sending school to export the CTF again.',
    };
  }
  if (xml.trim() === '')
    return {
      ok: false,
      code: 'ctf_not_xml',
      message: 'This file is empty. Ask the sending school to export the CTF again.',
    };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    // The parser quotes the broken part, which can be megabytes (every unclosed tag) or hold control characters.
    let detail = valid.err.msg.replace(/[\u0000-\u001F\s]+/g, ' ');
    if (detail.length > 120) detail = `${detail.slice(0, 119)}…`;
    return {
      ok: false,
      code: 'ctf_not_xml',
      // The validator gives no column when it finds no element at all (a file of only a declaration or a comment).
      message: `This file is not well-formed XML (line ${valid.err.line}${valid.err.col === undefined ? '' : `, column ${valid.err.col}`}: ${detail}). It may be damaged or not a CTF; ask the sending school to export it again.`,
      line: valid.err.line,
    };
  }
  try {
    const roots = toTree(parser.parse(escapeNames(xml)) as Ordered[]);
    if (roots.length !== 1)
      return {
        ok: false,
        code: 'ctf_not_xml',
        message: 'This file does not have exactly one root element, so it is not a CTF.',
      };
    return { ok: true, root: roots[0]! };
  } catch (error) {
    if (error instanceof DepthError || (error instanceof Error && /nested tags/i.test(error.message))) {
      return {
        ok: false,
        code: 'ctf_too_deep',
        message: `This file nests elements more than ${MAX_DEPTH} levels deep, which a CTF never does, so it was not read.`,
      };
    }
    return {
      ok: false,
      code: 'ctf_not_xml',
      message:
        'This file could not be read as XML. It may be damaged or not a CTF; ask the sending school to export it again.',
    };
  }
}

// XML 1.0 cannot carry most control characters or lone surrogates at all, even escaped.
const INVALID_XML_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for an element body or an attribute, dropping characters XML 1.0 cannot represent. */
export function escapeXml(s: string): string {
  return s
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const NAME = /^[A-Za-z_][A-Za-z0-9._:-]*$/;

/** A writable element: text, children, or neither. Children that are undefined are skipped. */
export interface OutElement {
  name: string;
  attrs?: Record<string, string>;
  text?: string;
  children?: Array<OutElement | undefined>;
}

/** Writes elements as indented XML. Names that are not XML names are dropped, never written raw. */
export function writeXml(el: OutElement, indent = ''): string {
  if (!NAME.test(el.name)) return '';
  const attrs = Object.entries(el.attrs ?? {})
    .filter(([k]) => NAME.test(k))
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const kids = (el.children ?? []).filter((c): c is OutElement => c !== undefined);
  if (kids.length === 0) {
    if (el.text === undefined || el.text === '') return `${indent}<${el.name}${attrs}/>\n`;
    return `${indent}<${el.name}${attrs}>${escapeXml(el.text)}</${el.name}>\n`;
  }
  const body = kids.map((k) => writeXml(k, `${indent}  `)).join('');
  const text = el.text ? `${indent}  ${escapeXml(el.text)}\n` : '';
  return `${indent}<${el.name}${attrs}>\n${text}${body}${indent}</${el.name}>\n`;
}
