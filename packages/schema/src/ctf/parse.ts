import * as z from 'zod/mini';
import { validateUln, validateUpn } from '../identifiers.js';
import { todayIso, type IsoDate, type YearGroupCode } from '../dates.js';
import { LearnerCoreSchema, type LearnerCore } from '../learner.js';
import { toFieldIssues } from '../issues.js';
import { readXml, rootElementName, type XmlNode } from './xml.js';
import { languageName } from './codes.js';
import { coreContactsOf, fsmCurrent, latestSen, SEN_STATUS_OF_PROVISION, senNeedsOf } from './derive.js';
import type {
  CtfAddress,
  CtfAssessment,
  CtfAttendanceYear,
  CtfContact,
  CtfFile,
  CtfHeader,
  CtfPhone,
  CtfProblem,
  CtfPupil,
  CtfPupilDetails,
  CtfRawElement,
  CtfRawMap,
  CtfSchool,
  CtfSen,
} from './schema.js';

/**
 * Windows-1252's characters for bytes 0x80 to 0x9F (WHATWG Encoding), in order; the five bytes it leaves undefined
 * keep their C1 control character, which the learner core refuses.
 */
const WINDOWS_1252_C1 =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/**
 * Node's TextDecoder (seen on Node 20) decodes "windows-1252", and the labels that mean it (ISO-8859-1,
 * latin1, US-ASCII), as ISO-8859-1: bytes 0x80 to 0x9F become C1 control characters, so the ’ of "O’Brien" or the
 * Š of "Šimon" in a file exported on Windows made the name unreadable. Browsers already decode them as below, so
 * there this changes nothing.
 */
function fromC1(text: string): string {
  return text.replace(/[\u0080-\u009F]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
}

/**
 * File kinds picked instead of a CTF, by their first bytes, and what to tell the person who picked one. Each has a
 * code of its own, so that a form can say in its own language what to do: `ctf_compressed` (unzip it first) or
 * `ctf_wrong_file` (ask for the CTF itself).
 */
const NOT_XML: ReadonlyArray<{ magic: number[]; code: 'ctf_compressed' | 'ctf_wrong_file'; message: string }> = [
  {
    magic: [0x50, 0x4b, 0x03, 0x04],
    code: 'ctf_compressed',
    message:
      'This file is a ZIP archive (or an Excel or Word file), not a CTF. If the CTF is inside it, unzip it and choose the .xml file.',
  },
  {
    magic: [0x1f, 0x8b],
    code: 'ctf_compressed',
    message: 'This file is compressed (gzip), not a CTF. Uncompress it and choose the .xml file inside.',
  },
  {
    magic: [0x25, 0x50, 0x44, 0x46, 0x2d],
    code: 'ctf_wrong_file',
    message: 'This file is a PDF, not a CTF. Ask the sending school for the CTF itself, an .xml file.',
  },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    code: 'ctf_wrong_file',
    message:
      'This file is an Excel or Word document, not a CTF. Ask the sending school for the CTF itself, an .xml file.',
  },
];

/**
 * Turns the bytes of an uploaded file into text: a byte-order mark wins, then UTF-16 recognised by its first
 * character, then the XML declaration's encoding (unless it claims UTF-16, which bytes read this far cannot be),
 * then UTF-8. Undecodable bytes are an error, never silently replaced characters in a child's name.
 */
function decodeCtf(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  let label = 'utf-8';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) label = 'utf-8';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  // No BOM: XML must start with '<', so a zero byte beside it can only be UTF-16 (XML 1.0, appendix F).
  else if (bytes[0] === 0x3c && bytes[1] === 0) label = 'utf-16le';
  else if (bytes[0] === 0 && bytes[1] === 0x3c) label = 'utf-16be';
  else {
    const head = String.fromCharCode(...bytes.subarray(0, 200));
    const declared = /^<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
    // Bytes that spell out the declaration one per character are not UTF-16, whatever it says: .NET writes
    // encoding="utf-16" into files it then saves as UTF-8. (Real UTF-16 starts with a BOM or a zero byte.)
    if (declared && !/^(utf-?16|unicode|ucs-?2)/i.test(declared)) label = declared.toLowerCase();
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    return {
      ok: false,
      message: `The file says its text is in the "${label}" encoding, which cannot be read here. Ask the sending school to export the CTF as UTF-8.`,
    };
  }
  try {
    const text = decoder.decode(bytes);
    return { ok: true, text: decoder.encoding === 'windows-1252' ? fromC1(text) : text };
  } catch {
    return {
      ok: false,
      message: `The file is not valid ${label.toUpperCase()} text: some characters cannot be read. It may be damaged; ask the sending school to export it again.`,
    };
  }
}

/**
 * A size for a message, in the largest unit it fills (MB, kB or bytes), to one decimal place below 10. The file's
 * size is rounded up and the limit down, so a file just over the limit never reads as the limit itself; a limit
 * under 1 MB (a host's own) is said in kB, not as "0 MB".
 */
function sizeText(n: number, round: (x: number) => number): string {
  const [unit, divisor]: [string, number] = n >= 1_000_000 ? ['MB', 1_000_000] : n >= 1000 ? ['kB', 1000] : ['', 1];
  if (!unit) return `${n} byte${n === 1 ? '' : 's'}`;
  // Tenths counted from n itself: 1.1 * 10 is 11.000000000000002 in floating point, which rounds up to 1.2.
  const shown = n < 10 * divisor ? round(n / (divisor / 10)) / 10 : round(n / divisor);
  return `${shown.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ${unit}`;
}

/** Options for {@link parseCtf}. */
export interface CtfReadOptions {
  /** Largest file accepted, in characters (text) or bytes. Default 50 million (about 50 MB), far above a whole school's CTF. */
  maxLength?: number;
  /**
   * Most pupils accepted in one file. Default 20,000, far above the largest school's roll; a file with more is
   * refused (`ctf_too_large`) before it is parsed.
   */
  maxPupils?: number;
  /** The date free school meals eligibility is judged on. Default: today in Europe/London. */
  today?: IsoDate;
}

export const DEFAULT_CTF_MAX_LENGTH = 50_000_000;
/** The default of {@link CtfReadOptions.maxPupils}: more pupils than any one school's CTF holds. */
export const DEFAULT_CTF_MAX_PUPILS = 20_000;

/**
 * Most problems listed for one file. Each costs a few hundred bytes where the file spent a few (a bare `<Pupil/>`
 * gives five, an unknown `<x/>` one), so without a limit a damaged or hostile 20 MB file made gigabytes of them and
 * could crash the page. A real CTF with this many problems is damaged anyway; the elements are still kept.
 */
const MAX_PROBLEMS = 50_000;

/** Where problems go: the file's list, up to {@link MAX_PROBLEMS}, and a count of the rest. */
class Problems {
  more = 0;
  constructor(readonly list: CtfProblem[]) {}
  push(problem: CtfProblem): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
    else this.more += 1;
  }
  /** True once the list is full: a problem past it is only counted, so there is no need to write its message. */
  get full(): boolean {
    return this.list.length >= MAX_PROBLEMS;
  }
}

/** How many `Pupil` start tags the text holds, counting no further than `limit + 1`. */
function countPupils(xml: string, limit: number): number {
  const tag = /<(?:[^\s<>/!?:]+:)?Pupil[\s/>]/g;
  let n = 0;
  while (n <= limit && tag.exec(xml)) n += 1;
  return n;
}

// Built once: making a schema is far dearer than using one, and a CTF can hold a thousand pupils.
const PartialLearnerCore = z.partial(LearnerCoreSchema);

/** Where problems and unknown elements of one record are collected. */
class Scope {
  readonly unknown: string[] = [];
  /** `unknown` as a set: a hostile file can hold a million different names, and a list search per name hangs. */
  private readonly unknownSeen = new Set<string>();
  readonly raw: CtfRawMap = {};
  constructor(
    readonly errors: Problems,
    /** Absolute path of the record, e.g. `CTfile/CTFpupilData/Pupil[3]`. */
    readonly base: string,
    /** How messages name the record, e.g. `Pupil 3 (UPN A93820…)`. */
    public label: string,
  ) {}

  abs(rel: string): string {
    return rel ? `${this.base}/${rel}` : this.base;
  }

  problem(rel: string, code: string, message: string, severity: CtfProblem['severity'] = 'error'): void {
    if (this.errors.full) {
      this.errors.more += 1;
      return;
    }
    this.errors.push({ path: this.abs(rel), code, message: `${this.label}: ${message}`, severity });
  }

  /** Keeps an element unchanged in `raw` (for values reported as errors, and for unknown elements). */
  keep(rel: string, node: XmlNode): void {
    addRaw(this.raw, rel, toRaw(node));
  }

  /** Lists a path in `unknown` once. */
  noteUnknown(rel: string): void {
    if (this.unknownSeen.has(rel)) return;
    this.unknownSeen.add(rel);
    this.unknown.push(rel);
  }

  unknownElement(rel: string, node: XmlNode): void {
    this.noteUnknown(rel);
    this.keep(rel, node);
    // Past the limit the message would be written only to be thrown away: for a file of millions of small unknown
    // elements, that was a gigabyte of short-lived strings, and the heap grew to hold them.
    if (this.errors.full) {
      this.errors.more += 1;
      return;
    }
    this.problem(
      rel,
      'ctf_unknown_element',
      `the element <${node.name}> (${rel}) is not one c2c-kit reads. It has been kept unchanged and will be written out again on export.`,
      'warning',
    );
  }
}

/**
 * Adds an element to `raw` under `path`, a path made of names from the file. Defined as an own property, so a path
 * such as `__proto__` or `constructor` is a key like any other and never reaches the object's prototype.
 */
function addRaw(raw: CtfRawMap, path: string, element: CtfRawElement): void {
  if (Object.hasOwn(raw, path)) raw[path]!.push(element);
  else Object.defineProperty(raw, path, { value: [element], enumerable: true, writable: true, configurable: true });
}

function toRaw(node: XmlNode): CtfRawElement {
  const out: CtfRawElement = { name: node.name };
  if (node.attrs && Object.keys(node.attrs).length) out.attrs = { ...node.attrs };
  if (node.text !== undefined) out.text = node.text;
  if (node.children.length) out.children = node.children.map(toRaw);
  return out;
}

const join = (rel: string, name: string) => (rel ? `${rel}/${name}` : name);
const text = (node: XmlNode) => {
  const t = node.text?.trim();
  return t ? t : undefined;
};

/** Attributes that only declare namespaces or schema locations carry no data. */
const isNamespaceAttr = (k: string) => k === 'xmlns' || k.startsWith('xmlns:') || k.startsWith('xsi:');

/** Names for a message: all of a few, or the first five and a count, so one message stays one line. */
const named = (names: string[]) =>
  names.length > 6 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');

/** Reports attributes on an element c2c-kit reads: CTF carries data in elements, so an attribute is unexpected. */
function checkAttrs(node: XmlNode, scope: Scope, rel: string): void {
  const all = Object.entries(node.attrs ?? {});
  const namespaces = all.filter(([k]) => isNamespaceAttr(k));
  // Kept without a warning, so an export says the same about namespaces and schema location as the file did.
  if (namespaces.length)
    addRaw(scope.raw, `${rel ? `${rel}/` : ''}@xmlns`, { name: node.name, attrs: Object.fromEntries(namespaces) });
  const attrs = all.filter(([k]) => !isNamespaceAttr(k));
  if (attrs.length === 0) return;
  const where = `${rel ? `${rel}/` : ''}@${attrs.map(([k]) => k).join(',@')}`;
  scope.noteUnknown(where);
  addRaw(scope.raw, where, { name: node.name, attrs: Object.fromEntries(attrs) });
  scope.problem(
    rel,
    'ctf_unknown_element',
    `the attribute${attrs.length > 1 ? 's' : ''} ${named(attrs.map(([k]) => k))} on <${node.name}> ${attrs.length > 1 ? 'are' : 'is'} not read by c2c-kit; kept unchanged.`,
    'warning',
  );
}

type Handler = (child: XmlNode, rel: string) => void;

/** Left in place of a child {@link walk} has read and let go. */
const RELEASED: XmlNode = Object.freeze({ name: '#released', children: Object.freeze([]) as unknown as XmlNode[] });

/**
 * Walks the children of a container. Single-value children named in `leaves` are collected as text (a repeat
 * is kept and reported, never silently dropped); children named in `handlers` are passed on; anything else is
 * an unknown element.
 */
function walk(
  node: XmlNode,
  scope: Scope,
  rel: string,
  leaves: readonly string[],
  handlers: Record<string, Handler> = {},
  /**
   * Let each child go from `node` once it is read (what it keeps is copied into `raw`), so a big file's tree
   * shrinks as its pupils are read. Only for a node nothing reads again.
   */
  release = false,
): Record<string, { value: string | undefined; node: XmlNode; rel: string }> {
  checkAttrs(node, scope, rel);
  // Keyed by element names from the file: no prototype, so `constructor` or `__proto__` is just a name.
  const found: Record<string, { value: string | undefined; node: XmlNode; rel: string }> = Object.create(null);
  const counts = new Map<string, number>();
  if (text(node) !== undefined && (leaves.length || Object.keys(handlers).length)) {
    scope.keep(join(rel, '#text'), { name: '#text', text: node.text, children: [] });
    scope.problem(
      rel,
      'ctf_unexpected_text',
      `<${node.name}> holds text where CTF expects elements; the text was kept but not read.`,
      'warning',
    );
  }
  const children = node.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (release) children[i] = RELEASED;
    const n = (counts.get(child.name) ?? 0) + 1;
    counts.set(child.name, n);
    const handler = Object.hasOwn(handlers, child.name) ? handlers[child.name] : undefined;
    const childRel = join(rel, handler && n > 1 ? `${child.name}[${n}]` : child.name);
    if (leaves.includes(child.name)) {
      if (found[child.name]) {
        scope.keep(childRel, child);
        scope.problem(
          childRel,
          'ctf_repeated_element',
          `<${child.name}> appears more than once; the first was read and the others kept unchanged.`,
          'warning',
        );
        continue;
      }
      checkAttrs(child, scope, childRel);
      if (child.children.length) {
        scope.keep(childRel, child);
        scope.problem(
          childRel,
          'ctf_unexpected_children',
          `<${child.name}> should hold a value, not other elements; it was kept unchanged but not read.`,
        );
        continue;
      }
      found[child.name] = { value: text(child), node: child, rel: childRel };
      if (child.unresolved)
        scope.problem(
          childRel,
          'ctf_unknown_entity',
          `<${child.name}> holds ${child.unresolved}, which XML does not define, so it was read as written. Check the value against the pupil's record.`,
          'warning',
        );
    } else if (handler) {
      handler(child, childRel);
    } else {
      scope.unknownElement(childRel, child);
    }
  }
  return found;
}

/** Handlers for a repeated element: each occurrence gets an indexed path (`Contact[2]`). */
function indexed(name: string, fn: (child: XmlNode, rel: string, index: number) => void): Record<string, Handler> {
  let i = 0;
  return { [name]: (child, rel) => fn(child, rel.endsWith(']') ? rel : `${rel}[1]`, ++i) };
}

function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

type Found = ReturnType<typeof walk>;

function dateOf(found: Found, name: string, scope: Scope, what = name): string | undefined {
  const f = found[name];
  if (!f?.value) return undefined;
  // CTF dates are yyyy-MM-dd; some suppliers add a time, or a time zone as XML Schema's xs:date allows
  // (2014-08-31Z). The calendar day is the date as written: converting the zone would shift a birthday.
  const v = /^\d{4}-\d{2}-\d{2}(T[\d:.]+)?(Z|[+-](0\d|1[0-4]):?\d{2})?$/.test(f.value) ? f.value.slice(0, 10) : f.value;
  if (!isRealDate(v)) {
    scope.keep(f.rel, f.node);
    scope.problem(
      f.rel,
      'ctf_invalid_date',
      `${what} '${f.value}' is not a date. Dates in a CTF are written YYYY-MM-DD, like 2014-09-27.`,
    );
    return undefined;
  }
  const time = /T(\d{2}:\d{2})/.exec(f.value)?.[1];
  if (time && !/T00:00(:00(\.0+)?)?(?!\d)/.test(f.value))
    // A date sent as a moment was converted somewhere: 23:00Z is midnight in British Summer Time, the next day.
    scope.problem(
      f.rel,
      'ctf_date_with_time',
      `${what} '${f.value}' carries the time ${time}, so it may be a day out if the sending system converted it between time zones. It was read as ${v}; check it against the pupil's record.`,
      'warning',
    );
  return v;
}

function intOf(found: Found, name: string, scope: Scope): number | undefined {
  const f = found[name];
  if (!f?.value) return undefined;
  if (!/^-?\d+$/.test(f.value)) {
    scope.keep(f.rel, f.node);
    scope.problem(f.rel, 'ctf_invalid_number', `${name} '${f.value}' is not a whole number.`);
    return undefined;
  }
  return Number(f.value);
}

const TRUE = new Set(['true', '1', 'y', 'yes']);
const FALSE = new Set(['false', '0', 'n', 'no']);
function boolOf(found: Found, name: string, scope: Scope): boolean | undefined {
  const f = found[name];
  if (!f?.value) return undefined;
  const v = f.value.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  scope.keep(f.rel, f.node);
  scope.problem(f.rel, 'ctf_invalid_flag', `${name} '${f.value}' should be true or false.`);
  return undefined;
}

/** Copies the text leaves listed in `map` (element name -> field name) into `target`. */
function texts<T extends object>(found: Found, target: T, map: Record<string, keyof T>): void {
  for (const [el, field] of Object.entries(map)) {
    const v = found[el]?.value;
    if (v !== undefined) (target as Record<keyof T, unknown>)[field] = v;
  }
}

function readSchool(node: XmlNode, scope: Scope, rel: string): CtfSchool {
  const found = walk(node, scope, rel, ['LEA', 'Estab', 'URN', 'SchoolName', 'AcademicYear']);
  const school: CtfSchool = {};
  texts(found, school, {
    LEA: 'laCode',
    Estab: 'establishment',
    URN: 'urn',
    SchoolName: 'schoolName',
    AcademicYear: 'academicYear',
  });
  if (school.laCode && !/^(\d{3}|XXX)$/.test(school.laCode)) {
    scope.problem(
      join(rel, 'LEA'),
      'ctf_invalid_la',
      `LEA '${school.laCode}' is not a local authority code (3 digits, or XXX when unknown).`,
      'warning',
    );
  }
  if (school.establishment && !/^(\d{4}|XXXX)$/.test(school.establishment)) {
    scope.problem(
      join(rel, 'Estab'),
      'ctf_invalid_estab',
      `Estab '${school.establishment}' is not an establishment number (4 digits, or XXXX when unknown).`,
      'warning',
    );
  }
  return school;
}

function readHeader(node: XmlNode, scope: Scope, rel: string): CtfHeader {
  const header: CtfHeader = {};
  const found = walk(
    node,
    scope,
    rel,
    ['DocumentName', 'CTFversion', 'DateTime', 'DocumentQualifier', 'DataDescriptor', 'SupplierID'],
    {
      SourceSchool: (c, r) => {
        header.source = readSchool(c, scope, r);
      },
      DestSchool: (c, r) => {
        header.destination = readSchool(c, scope, r);
      },
    },
  );
  texts(found, header, {
    DocumentName: 'documentName',
    CTFversion: 'version',
    DateTime: 'dateTime',
    DocumentQualifier: 'documentQualifier',
    DataDescriptor: 'dataDescriptor',
    SupplierID: 'supplierId',
  });
  const stamp = found.DateTime;
  if (stamp?.value && !isRealDateTime(stamp.value))
    // Kept as written (it is only written out again on export), but never passed on as if it were a moment.
    scope.problem(
      stamp.rel,
      'ctf_invalid_date',
      `the file's DateTime '${stamp.value}' is not a real date and time. It is written YYYY-MM-DDTHH:MM:SS, like 2026-07-20T14:05:00; it was kept as written.`,
      'warning',
    );
  return header;
}

/** A header `DateTime` (yyyy-MM-ddTHH:mm:ss, perhaps with fractions of a second or a zone) naming a real moment. */
function isRealDateTime(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](0\d|1[0-4]):?\d{2})?$/.exec(s);
  return !!m && isRealDate(m[1]!) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4] ?? 0) < 60;
}

function readPhones(node: XmlNode, scope: Scope, rel: string): CtfPhone[] {
  const phones: CtfPhone[] = [];
  walk(
    node,
    scope,
    rel,
    [],
    indexed('Phone', (c, r) => {
      const f = walk(c, scope, r, ['TelephoneType', 'PhoneNo']);
      const number = f.PhoneNo?.value;
      if (!number) {
        scope.keep(r, c);
        scope.problem(
          r,
          'ctf_missing_element',
          'a phone has no PhoneNo; it was kept unchanged but not read.',
          'warning',
        );
        return;
      }
      phones.push({ number, ...(f.TelephoneType?.value ? { type: f.TelephoneType.value } : {}) });
    }),
  );
  return phones;
}

/**
 * Reads an address. A contact's address can hold `AddressAsPupil` instead of (or beside) the lines, which is
 * where CTF puts it; pass `contact` to read it into that contact.
 */
function readAddress(node: XmlNode, scope: Scope, rel: string, contact?: CtfContact): CtfAddress {
  const address: CtfAddress = {};
  const leaves = ['PostCode', 'Country', 'Easting', 'Northing', 'Zip'];
  const found = walk(node, scope, rel, contact ? [...leaves, 'AddressAsPupil'] : leaves, {
    BS7666Address: (c, r) => {
      const f = walk(c, scope, r, [
        'SAON',
        'PAON',
        'Street',
        'Locality',
        'Town',
        'AdministrativeArea',
        'PostTown',
        'UniquePropertyReferenceNumber',
      ]);
      texts(f, address, {
        SAON: 'saon',
        PAON: 'paon',
        Street: 'street',
        Locality: 'locality',
        Town: 'town',
        AdministrativeArea: 'administrativeArea',
        PostTown: 'postTown',
        UniquePropertyReferenceNumber: 'uprn',
      });
    },
    AddressLines: (c, r) => {
      const f = walk(c, scope, r, ['AddressLine1', 'AddressLine2', 'AddressLine3', 'AddressLine4', 'AddressLine5']);
      address.lines = [1, 2, 3, 4, 5]
        .map((i) => f[`AddressLine${i}`]?.value)
        .filter((v): v is string => v !== undefined);
    },
  });
  texts(found, address, {
    PostCode: 'postcode',
    Zip: 'postcode',
    Country: 'country',
    Easting: 'easting',
    Northing: 'northing',
  });
  if (contact) {
    const asPupil = boolOf(found, 'AddressAsPupil', scope);
    if (asPupil !== undefined) contact.addressAsPupil = asPupil;
  }
  return address;
}

function readContact(node: XmlNode, scope: Scope, rel: string): CtfContact {
  const contact: CtfContact = { phones: [] };
  const found = walk(
    node,
    scope,
    rel,
    ['Order', 'Title', 'Surname', 'Forename', 'Relationship', 'Responsibility', 'Email', 'AddressAsPupil'],
    {
      Phones: (c, r) => {
        contact.phones.push(...readPhones(c, scope, r));
      },
      Address: (c, r) => {
        contact.address = readAddress(c, scope, r, contact);
      },
    },
  );
  texts(found, contact, {
    Title: 'title',
    Surname: 'surname',
    Forename: 'forename',
    Relationship: 'relationship',
    Email: 'email',
  });
  const order = intOf(found, 'Order', scope);
  if (order !== undefined) contact.order = order;
  const responsibility = boolOf(found, 'Responsibility', scope);
  if (responsibility !== undefined) contact.parentalResponsibility = responsibility;
  // Some exporters write AddressAsPupil straight under the contact. Beside one in the address, it is kept, not read.
  const direct = found.AddressAsPupil;
  if (direct?.value && contact.addressAsPupil !== undefined) {
    scope.keep(direct.rel, direct.node);
    scope.problem(
      direct.rel,
      'ctf_repeated_element',
      '<AddressAsPupil> appears both in the contact and in its <Address>; the one in the address was read and the other kept unchanged.',
      'warning',
    );
  } else {
    const asPupil = boolOf(found, 'AddressAsPupil', scope);
    if (asPupil !== undefined) contact.addressAsPupil = asPupil;
  }
  return contact;
}

function readSen(node: XmlNode, scope: Scope, rel: string, sen: CtfSen): void {
  const readNeeds = (c: XmlNode, r: string) => {
    walk(
      c,
      scope,
      r,
      [],
      indexed('SENneed', (n, nr) => {
        const f = walk(n, scope, nr, ['SENtypeRank', 'SENtype']);
        const type = f.SENtype?.value;
        if (!type) {
          scope.keep(nr, n);
          scope.problem(nr, 'ctf_missing_element', 'an SEN need has no SENtype; it was kept unchanged but not read.');
          return;
        }
        const rank = intOf(f, 'SENtypeRank', scope);
        sen.needs.push({ type, ...(rank !== undefined ? { rank } : {}) });
      }),
    );
  };
  walk(node, scope, rel, [], {
    ...indexed('SEN', (c, r) => {
      const f = walk(c, scope, r, ['StartDate', 'SENprovision'], { SENneeds: readNeeds });
      const provision = f.SENprovision?.value;
      if (!provision) {
        scope.keep(r, c);
        scope.problem(
          r,
          'ctf_missing_element',
          'an SEN record has no SENprovision; it was kept unchanged but not read.',
        );
        return;
      }
      const startDate = dateOf(f, 'StartDate', scope, 'SEN start date');
      sen.history.push({ provision, ...(startDate ? { startDate } : {}) });
    }),
    SENneeds: readNeeds,
  });
}

/**
 * NCyearActual to our year group codes. DfE's codes count back from reception: N2 and N1 are the two nursery years
 * (aged 3 and 2 on 31 August), E2 and E1 the two years before (aged 1 and 0), which are our `pre-school`. M (mixed)
 * and X (not following the NC) have none.
 */
function yearGroupOfNc(nc: string): YearGroupCode | undefined {
  if (nc === 'N1' || nc === 'N2' || nc === 'R') return nc;
  if (nc === 'E1' || nc === 'E2') return 'pre-school';
  if (/^(?:[1-9]|1[0-3])$/.test(nc)) return `Y${nc}` as YearGroupCode;
  return undefined;
}

function truncatedUpn(upn: string): string {
  return `${upn.slice(0, 6)}…`;
}

function readPupil(node: XmlNode, index: number, errors: Problems, base: string, today: IsoDate): CtfPupil {
  // Name the pupil by position and the start of the UPN: enough to find the record, without repeating the whole
  // identifier in every message.
  const upnNode = node.children.find((c) => c.name === 'UPN');
  const upnText = upnNode ? text(upnNode) : undefined;
  const scope = new Scope(errors, base, upnText ? `Pupil ${index} (UPN ${truncatedUpn(upnText)})` : `Pupil ${index}`);
  const learner: Partial<LearnerCore> = {};
  const details: CtfPupilDetails = {};
  const attendance: CtfAttendanceYear[] = [];
  const assessments: CtfAssessment[] = [];
  const contacts: CtfContact[] = [];
  let sen: CtfSen | undefined;
  let sawContacts = false;
  /** Where each free-text learner field came from, to keep the element if the field breaks a form rule. */
  const sources: Partial<Record<keyof LearnerCore, { rel: string; node: XmlNode }>> = {};

  const found = walk(
    node,
    scope,
    '',
    ['UPN', 'UniqueLearnerNumber', 'UCI', 'Surname', 'Forename', 'DOB', 'Sex', 'Gender', 'Email'],
    {
      BasicDetails: (c, r) => {
        const f = walk(
          c,
          scope,
          r,
          [
            'FormerUPN',
            'PreferredSurname',
            'FormerSurname',
            'PreferredForename',
            'FormerForename',
            'MiddleNames',
            'NCyearActual',
            'Ethnicity',
            'EthnicitySource',
            'MedicalFlag',
            'EnrolStatus',
            'ServiceChild',
          ],
          {
            Languages: (lc, lr) => {
              walk(
                lc,
                scope,
                lr,
                [],
                indexed('Type', (t, tr) => {
                  const tf = walk(t, scope, tr, ['LanguageType', 'Language']);
                  const code = tf.Language?.value;
                  if (!code) {
                    scope.keep(tr, t);
                    scope.problem(
                      tr,
                      'ctf_missing_element',
                      'a language entry has no Language code; it was kept unchanged but not read.',
                      'warning',
                    );
                    return;
                  }
                  (details.languages ??= []).push({
                    code,
                    ...(tf.LanguageType?.value ? { type: tf.LanguageType.value } : {}),
                  });
                }),
              );
            },
            Disabilities: (dc, dr) => {
              const list: string[] = (details.disabilities ??= []);
              walk(
                dc,
                scope,
                dr,
                [],
                indexed('Disability', (d, drr) => {
                  walk(d, scope, drr, []);
                  const v = text(d);
                  if (v) list.push(v);
                }),
              );
            },
          },
        );
        texts(f, details, {
          PreferredSurname: 'preferredSurname',
          FormerSurname: 'formerSurname',
          FormerForename: 'formerForename',
          MiddleNames: 'middleNames',
          NCyearActual: 'ncYearActual',
          Ethnicity: 'ethnicity',
          EthnicitySource: 'ethnicitySource',
          EnrolStatus: 'enrolStatus',
          ServiceChild: 'serviceChild',
        });
        // A former UPN is how the next school finds the records kept under it, so it is checked like the UPN. It
        // fills in nothing on the form, so a bad one is a warning, kept as written.
        const former = f.FormerUPN;
        if (former?.value) {
          const result = validateUpn(former.value);
          if (result.valid) details.formerUpn = result.upn;
          else {
            scope.keep(former.rel, former.node);
            scope.problem(
              former.rel,
              `ctf_upn_${result.code}`,
              `the former UPN is not valid, so it was kept as written. ${result.reason}`,
              'warning',
            );
          }
        }
        const preferred = f.PreferredForename?.value;
        if (preferred) {
          learner.preferredForename = preferred;
          sources.preferredForename = f.PreferredForename;
        }
        const medical = boolOf(f, 'MedicalFlag', scope);
        if (medical !== undefined) details.medicalFlag = medical;
        if (details.ncYearActual) {
          const yg = yearGroupOfNc(details.ncYearActual);
          if (yg) learner.yearGroup = yg;
          else if (!['M', 'X', '14'].includes(details.ncYearActual)) {
            scope.problem(
              join(r, 'NCyearActual'),
              'ctf_invalid_code',
              `NCyearActual '${details.ncYearActual}' is not a National Curriculum year (E1, E2, N1, N2, R, 1 to 14, M or X). It was kept, but no year group was set.`,
              'warning',
            );
          }
        }
      },
      LookedAfter: (c, r) => {
        const f = walk(c, scope, r, ['InCare', 'CareAuthority']);
        const inCare = boolOf(f, 'InCare', scope);
        if (inCare !== undefined) learner.lookedAfter = inCare;
        if (f.CareAuthority?.value) details.careAuthority = f.CareAuthority.value;
      },
      FSMhistory: (c, r) => {
        const fsm: NonNullable<CtfPupilDetails['fsm']> = { instances: [] };
        const f = walk(
          c,
          scope,
          r,
          ['FSMreviewDate'],
          indexed('FSMinstance', (i, ir) => {
            const fi = walk(i, scope, ir, ['FSMstartDate', 'FSMendDate', 'UKcountry']);
            const startDate = dateOf(fi, 'FSMstartDate', scope, 'FSM start date');
            const endDate = dateOf(fi, 'FSMendDate', scope, 'FSM end date');
            fsm.instances.push({
              ...(startDate ? { startDate } : {}),
              ...(endDate ? { endDate } : {}),
              ...(fi.UKcountry?.value ? { country: fi.UKcountry.value } : {}),
            });
          }),
        );
        const review = dateOf(f, 'FSMreviewDate', scope, 'FSM review date');
        if (review) fsm.reviewDate = review;
        details.fsm = fsm;
        learner.freeSchoolMeals = fsmCurrent(fsm, today);
      },
      SENhistory: (c, r) => {
        sen ??= { history: [], needs: [] };
        readSen(c, scope, r, sen);
      },
      Address: (c, r) => {
        details.address = readAddress(c, scope, r);
      },
      Phones: (c, r) => {
        (details.phones ??= []).push(...readPhones(c, scope, r));
      },
      Contacts: (c, r) => {
        sawContacts = true;
        walk(
          c,
          scope,
          r,
          [],
          indexed('Contact', (cc, cr) => {
            contacts.push(readContact(cc, scope, cr));
          }),
        );
      },
      Attendance: (c, r) => {
        walk(
          c,
          scope,
          r,
          [],
          indexed('YearData', (y, yr) => {
            const year: CtfAttendanceYear = {};
            const f = walk(
              y,
              scope,
              yr,
              [
                'Year',
                'LEA',
                'Estab',
                'SessionsPossible',
                'SessionsAuthorised',
                'SessionsAttended',
                'SessionsUnauthorised',
              ],
              {
                AttendSessions: (a, ar) => {
                  const fa = walk(a, scope, ar, ['AttendanceStartDate', 'AttendanceMarks']);
                  const start = dateOf(fa, 'AttendanceStartDate', scope, 'Attendance start date');
                  if (start) year.attendanceStartDate = start;
                  if (fa.AttendanceMarks?.value) year.attendanceMarks = fa.AttendanceMarks.value;
                },
              },
            );
            texts(f, year, { Year: 'year', LEA: 'laCode', Estab: 'establishment' });
            for (const [el, field] of [
              ['SessionsPossible', 'sessionsPossible'],
              ['SessionsAuthorised', 'sessionsAuthorised'],
              ['SessionsAttended', 'sessionsAttended'],
              ['SessionsUnauthorised', 'sessionsUnauthorised'],
            ] as const) {
              const n = intOf(f, el, scope);
              if (n !== undefined) year[field] = n;
            }
            attendance.push(year);
          }),
        );
      },
      StageAssessments: (c, r) => {
        walk(
          c,
          scope,
          r,
          [],
          indexed('KeyStage', (k, kr) => {
            const pending: CtfAssessment[] = [];
            const f = walk(
              k,
              scope,
              kr,
              ['Stage'],
              indexed('StageAssessment', (a, ar) => {
                const fa = walk(a, scope, ar, [
                  'Locale',
                  'Year',
                  'Subject',
                  'Method',
                  'Component',
                  'ResultStatus',
                  'ResultQualifier',
                  'Result',
                  'ResultDate',
                ]);
                const item: CtfAssessment = {};
                texts(fa, item, {
                  Locale: 'locale',
                  Year: 'year',
                  Subject: 'subject',
                  Method: 'method',
                  Component: 'component',
                  ResultStatus: 'resultStatus',
                  ResultQualifier: 'resultQualifier',
                  Result: 'result',
                });
                const date = dateOf(fa, 'ResultDate', scope, 'Result date');
                if (date) item.resultDate = date;
                pending.push(item);
              }),
            );
            const stage = f.Stage?.value;
            for (const item of pending) assessments.push(stage ? { stage, ...item } : item);
          }),
        );
      },
      SchoolHistory: (c, r) => {
        walk(
          c,
          scope,
          r,
          [],
          indexed('School', (s, sr) => {
            const f = walk(s, scope, sr, [
              'LEA',
              'Estab',
              'URN',
              'SchoolName',
              'EntryDate',
              'LeavingDate',
              'LeavingReason',
            ]);
            const school: NonNullable<CtfPupilDetails['schoolHistory']>[number] = {};
            texts(f, school, {
              LEA: 'laCode',
              Estab: 'establishment',
              URN: 'urn',
              SchoolName: 'schoolName',
              LeavingReason: 'leavingReason',
            });
            const entry = dateOf(f, 'EntryDate', scope, 'Entry date');
            const leaving = dateOf(f, 'LeavingDate', scope, 'Leaving date');
            if (entry) school.entryDate = entry;
            if (leaving) school.leavingDate = leaving;
            (details.schoolHistory ??= []).push(school);
          }),
        );
      },
    },
    true,
  );

  // Identity: each problem is named so an administrator can find it in the sending school's MIS.
  // Older CTF specifications, and MIS exports still written to them, call the pupil's sex <Gender>, with the
  // same codes. Read it when <Sex> says nothing; beside a <Sex>, it is kept and reported, never dropped.
  const sexFound = found.Sex?.value || !found.Gender?.value ? found.Sex : found.Gender;
  if (sexFound === found.Sex && found.Gender?.value) {
    scope.keep(found.Gender.rel, found.Gender.node);
    scope.problem(
      found.Gender.rel,
      'ctf_repeated_element',
      `<Gender> is the older name for <Sex>, and the file has both; <Sex> was read and <Gender> kept unchanged.`,
      'warning',
    );
  }
  for (const el of ['UPN', 'Surname', 'Forename', 'DOB', 'Sex'] as const) {
    if (!(el === 'Sex' ? sexFound : found[el])?.value)
      scope.problem(
        el,
        'ctf_missing_element',
        `<${el}> is missing or empty. Ask the sending school to check the pupil's record.`,
      );
  }
  if (found.UPN?.value) {
    const result = validateUpn(found.UPN.value);
    if (result.valid) learner.upn = result.upn;
    else {
      scope.keep('UPN', found.UPN.node);
      scope.problem('UPN', `ctf_upn_${result.code}`, `the UPN is not valid. ${result.reason}`);
    }
  }
  if (found.UniqueLearnerNumber?.value) {
    const result = validateUln(found.UniqueLearnerNumber.value);
    if (result.valid) learner.uln = result.uln;
    else {
      scope.keep('UniqueLearnerNumber', found.UniqueLearnerNumber.node);
      scope.problem('UniqueLearnerNumber', `ctf_uln_${result.code}`, `the ULN is not valid. ${result.reason}`);
    }
  }
  if (found.UCI?.value) details.uci = found.UCI.value;
  if (found.Email?.value) details.email = found.Email.value;
  if (found.Surname?.value) {
    learner.legalSurname = found.Surname.value;
    sources.legalSurname = found.Surname;
  }
  if (found.Forename?.value) {
    learner.legalForename = found.Forename.value;
    sources.legalForename = found.Forename;
  }
  const dob = dateOf(found, 'DOB', scope);
  if (dob) learner.dateOfBirth = dob;
  const sex = sexFound?.value?.toUpperCase();
  if (sex === 'M' || sex === 'F') learner.sex = sex;
  else if (sexFound?.value) {
    scope.keep(sexFound.rel, sexFound.node);
    scope.problem(sexFound.rel, 'ctf_invalid_code', `${sexFound.node.name} '${sexFound.value}' should be M or F.`);
  }

  if (details.languages?.length) {
    const first = details.languages.find((l) => l.type === 'F') ?? details.languages[0]!;
    const code = first.code.toUpperCase();
    if (code === 'ENG' || code === 'ENB') learner.eal = false;
    else if (code === 'OTB' || code === 'OTL') learner.eal = true;
    else if (code !== 'NOT' && code !== 'REF') {
      learner.eal = true;
      learner.firstLanguage = languageName(code);
    }
  }

  if (sen) {
    const latest = latestSen(sen);
    if (latest) {
      const status = SEN_STATUS_OF_PROVISION[latest.provision.toUpperCase()];
      if (status) learner.senStatus = status;
      else
        scope.problem(
          'SENhistory',
          'ctf_invalid_code',
          `SEN provision '${latest.provision}' is not N, K or E. It was kept, but no SEN status was set.`,
        );
    }
    const { needs, unknown } = senNeedsOf(sen);
    for (const type of unknown) {
      scope.problem(
        'SENhistory',
        'ctf_invalid_code',
        `SEN type '${type}' is not a DfE area-of-need code. It was kept in the SEN history but not added to the needs list.`,
        'warning',
      );
    }
    learner.senNeeds = needs;
    if (learner.senStatus === undefined && sen.history.length === 0 && needs.length) learner.senStatus = 'sen-support';
  }

  const core = coreContactsOf(contacts);
  contacts.forEach((c, i) => {
    // The form must say yes or no; "no" is the safe default, but a guess about who may be told things is flagged.
    if (c.parentalResponsibility === undefined && (c.forename || c.surname))
      scope.problem(
        `Contacts/Contact[${i + 1}]/Responsibility`,
        'ctf_missing_element',
        `contact ${i + 1} has no <Responsibility>, so the handover form records no parental responsibility. Check with the sending school before sharing information with them.`,
        'warning',
      );
  });
  for (const issue of core.issues) {
    const message = issue.dropped
      ? `contact ${issue.index} was not added to the contact list (${issue.field}: ${issue.message}) It is kept with the imported CTF details.`
      : `contact ${issue.index}: ${issue.field} left out. ${issue.message}`;
    scope.problem(
      `Contacts/Contact[${issue.index}]`,
      issue.dropped ? 'ctf_contact_not_added' : 'ctf_invalid_contact',
      message,
      'warning',
    );
  }
  if (sawContacts) learner.contacts = core.contacts;

  // The learner core's own rules (name lengths, e-mail format) are checked last, so every field the handover
  // form will hold is one it accepts.
  const checked = PartialLearnerCore.safeParse(learner, { reportInput: true });
  if (!checked.success) {
    for (const issue of toFieldIssues(checked.error)) {
      const field = issue.path.split('.')[0] as keyof LearnerCore;
      const source = sources[field];
      if (field in learner) delete learner[field];
      // The value is kept as it came, so an export writes it back and nothing is lost.
      if (source) scope.keep(source.rel, source.node);
      const element = source?.node.name ?? field;
      scope.problem(
        source?.rel ?? '',
        `ctf_${issue.code}`,
        `${element}: ${issue.message} It was kept in the CTF details but not put on the handover form.`,
      );
    }
  }
  return {
    learner: checked.success ? checked.data : learner,
    details,
    ...(sen ? { sen } : {}),
    attendance,
    assessments,
    contacts,
    unknown: scope.unknown,
    raw: scope.raw,
  };
}

/** Refuses a file whose first element is not `CTfile`, naming that element (cut short: it comes from the file). */
function notCtf(file: CtfFile, name: string): CtfFile {
  const shown = name.length > 40 ? `${name.slice(0, 39)}…` : name;
  file.errors.push({
    path: shown,
    code: 'ctf_not_ctf',
    message: `This is an XML file, but not a Common Transfer File: its first element is <${shown}>, not <CTfile>.`,
    severity: 'error',
  });
  return file;
}

/**
 * Reads a Common Transfer File (CTF) XML document: header, and for each pupil the learner core (to prefill a
 * handover), SEN history, attendance, assessment results and contacts.
 *
 * It never throws. A malformed or unexpected file gives a list of problems with element paths and plain-English
 * messages (`Pupil 3 (UPN A93820…): DOB '2014-13-40' is not a date`), each with a stable `code`. Elements it
 * does not understand are reported (`ctf_unknown_element`, a warning) and kept in `raw`, so nothing is lost and
 * {@link toCtf} writes them out again. Entities declared by the file are never expanded, and files with a
 * DOCTYPE or over `maxLength` are refused. Give it the file's bytes (`await file.arrayBuffer()`) to have the encoding
 * read from the file, or text you have already decoded.
 *
 * @example
 * ```ts
 * const { pupils, errors } = parseCtf(xml);
 * const prefill = pupils[0]?.learner; // Partial<LearnerCore>
 * ```
 */
export function parseCtf(input: string | Uint8Array | ArrayBuffer, options: CtfReadOptions = {}): CtfFile {
  const file: CtfFile = { header: {}, pupils: [], errors: [], unknown: [], raw: {} };
  const max = options.maxLength ?? DEFAULT_CTF_MAX_LENGTH;
  const size =
    typeof input === 'string'
      ? input.length
      : input instanceof Uint8Array || input instanceof ArrayBuffer
        ? input.byteLength
        : -1;
  if (size < 0) {
    file.errors.push({
      path: '',
      code: 'ctf_not_text',
      message: 'The file could not be read as text.',
      severity: 'error',
    });
    return file;
  }
  if (size > max) {
    file.errors.push({
      path: '',
      code: 'ctf_too_large',
      message: `This file is ${sizeText(size, Math.ceil)}, more than the ${sizeText(max, Math.floor)} limit for a CTF. Ask for a file per year group.`,
      severity: 'error',
    });
    return file;
  }
  let xml: string;
  if (typeof input === 'string') xml = input;
  else {
    const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
    // Named for what they are: as text they are only "not valid UTF-8, may be damaged", and they are not damaged.
    const other = NOT_XML.find(({ magic }) => magic.every((b, i) => bytes[i] === b));
    if (other) {
      file.errors.push({ path: '', code: other.code, message: other.message, severity: 'error' });
      return file;
    }
    const decoded = decodeCtf(bytes);
    if (!decoded.ok) {
      file.errors.push({ path: '', code: 'ctf_bad_encoding', message: decoded.message, severity: 'error' });
      return file;
    }
    xml = decoded.text;
  }
  xml = xml.replace(/^\uFEFF/, '');
  const first = rootElementName(xml);
  if (first !== undefined && first !== 'CTfile') return notCtf(file, first);
  const maxPupils = options.maxPupils ?? DEFAULT_CTF_MAX_PUPILS;
  if (countPupils(xml, maxPupils) > maxPupils) {
    file.errors.push({
      path: 'CTfile/CTFpupilData',
      code: 'ctf_too_large',
      message: `This file holds more than ${maxPupils.toLocaleString('en-GB')} pupils, more than a CTF from one school, so it was not read. Ask for a file per year group.`,
      severity: 'error',
    });
    return file;
  }
  const read = readXml(xml);
  if (!read.ok) {
    file.errors.push({
      path: read.line ? `line ${read.line}` : '',
      code: read.code,
      message: read.message,
      severity: 'error',
    });
    return file;
  }
  return readCtfTree(file, read.root, options.today ?? todayIso());
}

/**
 * Reads the tree of a CTF into `file`, letting each pupil's elements go once read. Exported for tests only (the
 * package does not export this module).
 */
export function readCtfTree(file: CtfFile, root: XmlNode, today: IsoDate): CtfFile {
  if (root.name !== 'CTfile') return notCtf(file, root.name);
  const problems = new Problems(file.errors);
  const scope = new Scope(problems, 'CTfile', 'File');
  let pupilCount = 0;
  /** Which pupil first had each UPN: a repeat is one child twice (or a typing error), and two handovers would follow. */
  const firstWithUpn = new Map<string, number>();
  let sawHeader = false;
  let sawPupilData = false;
  walk(
    root,
    scope,
    '',
    [],
    {
      Header: (c, r) => {
        if (sawHeader) {
          scope.keep(r, c);
          scope.problem(
            r,
            'ctf_repeated_element',
            'the file has more than one <Header>; the first was read and the others kept unchanged.',
            'warning',
          );
          return;
        }
        sawHeader = true;
        file.header = readHeader(c, scope, r);
      },
      CTFpupilData: (c, r) => {
        sawPupilData = true;
        walk(
          c,
          scope,
          r,
          [],
          {
            Pupil: (p) => {
              pupilCount += 1;
              const base = `CTfile/${r}/Pupil[${pupilCount}]`;
              const pupil = readPupil(p, pupilCount, problems, base, today);
              file.pupils.push(pupil);
              const upn = pupil.learner.upn;
              if (!upn) return;
              const first = firstWithUpn.get(upn);
              if (first === undefined) firstWithUpn.set(upn, pupilCount);
              else
                problems.push({
                  path: `${base}/UPN`,
                  code: 'ctf_repeated_pupil',
                  message: `Pupil ${pupilCount} (UPN ${upn.slice(0, 6)}…): has the same UPN as Pupil ${first}. Both were read; ask the sending school which record is right before starting a handover.`,
                  severity: 'warning',
                });
            },
          },
          true,
        );
      },
    },
    true,
  );
  if (!sawHeader)
    file.errors.push({
      path: 'CTfile/Header',
      code: 'ctf_missing_header',
      message: 'The file has no <Header>, so the sending school is not known. The pupils were still read.',
      severity: 'warning',
    });
  if (!sawPupilData || pupilCount === 0)
    file.errors.push({
      path: 'CTfile/CTFpupilData',
      code: 'ctf_no_pupils',
      message: 'The file holds no pupils.',
      severity: 'warning',
    });
  if (problems.more)
    file.errors.push({
      path: 'CTfile',
      code: 'ctf_too_many_problems',
      message: `This file has ${(MAX_PROBLEMS + problems.more).toLocaleString('en-GB')} problems, too many to list: only the first ${MAX_PROBLEMS.toLocaleString('en-GB')} are. It is probably damaged; ask the sending school to export it again. Nothing in it was dropped.`,
      severity: 'error',
    });
  file.unknown = scope.unknown;
  file.raw = scope.raw;
  return file;
}
