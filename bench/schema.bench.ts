// Validation throughput of a 10,000-service ORUK payload against plain JSON.parse of the same bytes, and the
// browser cost of @c2c/schema's main entry against its CTF entry (which carries the XML parser).
// Run alone: node --conditions=c2c-source --import tsx -e "import('./bench/schema.bench.ts').then(async m => console.table(await m.default()))"
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { fromOruk, readOrukPage, ServiceSchema, toOruk } from '@c2c/schema';
import { syntheticLearners, syntheticServices } from '@c2c/schema/synthetic';
import { parseCtf, toCtf } from '@c2c/schema/ctf';

interface Row {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const SERVICES = 10_000;
const RUNS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function bundle(entry: string): Promise<{ gzip: number; xmlBytes: number }> {
  const result = await build({
    stdin: { contents: `export * from '${entry}';`, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    outdir: 'out',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['c2c-source'],
    logLevel: 'silent',
  });
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0]!.inputs);
  const xmlBytes = inputs
    .filter(([k]) => k.includes('fast-xml-parser') || k.includes('fast-xml-builder'))
    .reduce((n, [, v]) => n + v.bytesInOutput, 0);
  return { gzip: gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length, xmlBytes };
}

export default async function (): Promise<Row[]> {
  const page = {
    total_items: SERVICES,
    total_pages: 1,
    page_number: 1,
    size: SERVICES,
    first_page: true,
    last_page: true,
    empty: false,
    contents: syntheticServices(SERVICES).map(toOruk),
  };
  const bytes = Buffer.from(JSON.stringify(page));
  const mb = bytes.length / 1e6;
  const decoder = new TextDecoder();

  let sink = 0;
  const parseOnly = () => {
    const json = JSON.parse(decoder.decode(bytes)) as { contents: unknown[] };
    sink += json.contents.length;
  };
  const parseAndValidate = () => {
    const items = readOrukPage(JSON.parse(decoder.decode(bytes)))!.items;
    for (const raw of items) {
      const { service } = fromOruk(raw);
      // fromOruk already checks its result; the second check is what a consumer of Service objects pays.
      if (service && ServiceSchema.safeParse(service).success) sink += 1;
    }
  };
  // Warm up the JIT on both paths before measuring.
  parseOnly();
  parseAndValidate();
  const plain: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    plain.push(time(parseOnly));
    full.push(time(parseAndValidate));
  }
  if (sink === 0) throw new Error('nothing was parsed');
  const p = median(plain);
  const f = median(full);

  // A CTF as a secondary school receives it in September: a whole Year 7 intake (here 1,000 pupils).
  const pupils = syntheticLearners(1000, 9, '2026-07-01').map((l) => {
    const { id: _i, organisationId: _o, upnTemporary: _t, gender: _g, preferredSurname: _p, ...learner } = l;
    return {
      learner,
      attendance: [
        { year: '2025', laCode: '938', establishment: '2001', sessionsPossible: 380, sessionsAttended: 361 },
      ],
      assessments: [
        { stage: 'KS2', locale: 'ENG', year: '2026', subject: 'MAT', method: 'TT', component: 'MTC', result: '22' },
      ],
    };
  });
  const ctfXml = toCtf(
    {
      header: {
        source: { laCode: '938', establishment: '2001' },
        destination: { laCode: '938', establishment: '4001' },
      },
      pupils,
    },
    { now: new Date('2026-07-10T09:00:00Z') },
  );
  const ctfMb = Buffer.byteLength(ctfXml) / 1e6;
  parseCtf(ctfXml);
  const ctfRuns: number[] = [];
  for (let i = 0; i < 3; i++)
    ctfRuns.push(
      time(() => {
        if (parseCtf(ctfXml).pupils.length !== 1000) throw new Error('CTF pupils lost');
      }),
    );
  const c = median(ctfRuns);

  // A damaged or hostile CTF: one pupil with 150,000 differently named unknown elements. Each is listed once; a
  // search of the list per name (as once written) made this quadratic.
  const UNKNOWN = 150_000;
  const unknownXml = `<CTfile><Header/><CTFpupilData><Pupil><UPN>B801200005001</UPN><Surname>Ashdown</Surname><Forename>Carys</Forename><DOB>2014-08-31</DOB><Sex>F</Sex>${Array.from({ length: UNKNOWN }, (_, i) => `<X${i}/>`).join('')}</Pupil></CTFpupilData></CTfile>`;
  const unknownMs = time(() => {
    if (parseCtf(unknownXml).pupils[0]?.unknown.length !== UNKNOWN) throw new Error('unknown elements lost');
  });

  const main = await bundle('@c2c/schema');
  const ctf = await bundle('@c2c/schema/ctf');

  return [
    {
      name: 'schema: CTF with 150,000 different unknown elements',
      value: Math.round(unknownMs),
      unit: 'ms',
      note: `one run, ${(Buffer.byteLength(unknownXml) / 1e6).toFixed(1)} MB; each element listed once and kept`,
    },
    {
      name: 'schema: ORUK payload size',
      value: Math.round(mb * 100) / 100,
      unit: 'MB',
      note: `${SERVICES} services, HSDS-UK 3.0 page`,
    },
    {
      name: 'schema: JSON.parse only',
      value: Math.round(mb / (p / 1000)),
      unit: 'MB/s',
      note: `median of ${RUNS}: ${p.toFixed(1)} ms`,
    },
    {
      name: 'schema: JSON.parse + fromOruk + ServiceSchema',
      value: Math.round(mb / (f / 1000)),
      unit: 'MB/s',
      note: `median of ${RUNS}: ${f.toFixed(1)} ms`,
    },
    { name: 'schema: services read and validated', value: Math.round(SERVICES / (f / 1000)), unit: 'services/s' },
    {
      name: 'schema: validation cost vs JSON.parse',
      value: Math.round((f / p) * 10) / 10,
      unit: 'x',
      note: 'time(parse + map + validate) / time(parse)',
    },
    {
      name: 'schema: CTF import, 1,000 pupils',
      value: Math.round(c),
      unit: 'ms',
      note: `${ctfMb.toFixed(1)} MB, median of 3: ${Math.round(1000 / (c / 1000))} pupils/s`,
    },
    {
      name: 'schema: main entry, browser bundle',
      value: Math.round(main.gzip / 100) / 10,
      unit: 'kB gzip',
      note: 'esbuild --minify, every export, gzip -9',
    },
    {
      name: 'schema: XML parser code in main entry',
      value: main.xmlBytes,
      unit: 'bytes',
      note: 'fast-xml-parser bytes in the minified main bundle',
    },
    {
      name: 'schema: ctf entry, browser bundle',
      value: Math.round(ctf.gzip / 100) / 10,
      unit: 'kB gzip',
      note: `includes ${Math.round(ctf.xmlBytes / 1000)} kB of fast-xml-parser (minified); load with import()`,
    },
  ];
}
