// Every ```ts sample on the pages an integrator copies from (the SDK guide, the MIS vendors' getting started, and
// the READMEs of @c2c/sdk, @c2c/schema and @c2c/hub) must type-check against the packages as they are, so a
// renamed option, method or field fails here rather than in a vendor's build. Each sample is its own module,
// checked strictly with the TypeScript compiler in memory, against the packages' sources (no build needed).
//
// What a page leaves out on purpose (`hub` made earlier on the page, the host's own `metrics` or `db`) is declared
// once in CONTEXT below, with the type the page implies. A sample that uses a name not declared there fails with
// "Cannot find name": declare it here, typed as narrowly as the page says.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PAGES = [
  'docs/sdk.md',
  'docs/getting-started/mis-vendor.md',
  'docs/getting-started/trust-developer.md',
  'docs/components/pathway-timeline.md',
  'docs/components/service-directory.md',
  'docs/components/handover-form.md',
  'packages/sdk/README.md',
  'packages/schema/README.md',
  'packages/hub/README.md',
];

/** The context the pages take as given. A script (no import or export), so its names are global. */
const CONTEXT = `
type C2cClient = import('@c2c/sdk').C2cClient;
type HandoverUpdate = import('@c2c/sdk').HandoverUpdate;
type Service = import('@c2c/schema').Service;
declare const createClient: typeof import('@c2c/sdk').createClient;
declare const ConflictError: typeof import('@c2c/sdk').ConflictError;
declare const createOrukReader: typeof import('@c2c/sdk/oruk').createOrukReader;
declare const hub: C2cClient;
declare const admin: C2cClient;
declare const dslHub: C2cClient;
declare const me: import('@c2c/sdk').Principal;
declare const handover: import('@c2c/sdk').Handover;
declare const draft: import('@c2c/sdk').Handover;
declare const message: { id: string };
declare const misPupilId: string;
declare const baseUrl: string;
declare const token: string;
declare const url: string;
declare const body: unknown;
declare const response: Response;
declare const file: File;
declare const service: Service;
declare const session: { token: string; refresh(): Promise<{ token: string }> };
// The trust developers' page: the portal's own sign-in, banner and audit trail, and the elements made earlier on it.
declare const mySession: { token: string; refresh(): Promise<string> };
declare function showBanner(text: string): void;
declare const audit: string[];
declare const form: import('@c2c/elements/handover-form').C2cHandoverForm;
declare const directory: import('@c2c/elements/service-directory').C2cServiceDirectory;
declare const searchBox: HTMLInputElement;
declare const index: { add(service: Service): void };
declare const metrics: { observe(name: string, value: number, labels: Record<string, unknown>): void };
declare const log: { warn(message: string, details?: Record<string, unknown>): void };
declare const logger: { warn(message: string, details?: Record<string, unknown>): void };
declare const myLogger: { warn(message: string, details?: Record<string, unknown>): void };
declare const db: {
  handoverVersion(id: string): Promise<number | undefined>;
  importHandover(handover: import('@c2c/sdk').HandoverView): Promise<void>;
};
declare function sleep(ms: number): Promise<void>;
declare function importIntoMis(handover: import('@c2c/sdk').HandoverView): Promise<void>;
declare function mergeSections(
  theirs: NonNullable<HandoverUpdate['sections']>,
  ours: NonNullable<HandoverUpdate['sections']>,
): NonNullable<HandoverUpdate['sections']>;
declare function renderLearners(learners: import('@c2c/sdk').Learner[], nextCursor: string | null): void;
declare function showSignIn(): void;
declare function showMessage(text: string): void;
declare function show404(): void;
declare function showErrors(issues: import('@c2c/schema').FieldIssue[]): void;
declare function prefillHandover(learner: Partial<import('@c2c/schema').LearnerCore>): void;
`;

interface Sample {
  page: string;
  line: number;
  file: string;
  code: string;
}

function samples(): Sample[] {
  const out: Sample[] = [];
  for (const page of PAGES) {
    const lines = readFileSync(join(root, page), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^```ts\s*$/.test(lines[i]!)) continue;
      const start = i + 1;
      let end = start;
      while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
      const code = lines.slice(start, end).join('\n');
      // Its own module: `export {}` keeps top-level names (and top-level await) local to the sample.
      const file = join(root, '.docs-samples', `${page.replace(/[/.]/g, '_')}_${start + 1}.ts`);
      out.push({ page, line: start + 1, file, code: `${code}\nexport {};\n` });
      i = end;
    }
  }
  return out;
}

describe('documentation samples', () => {
  it('every TypeScript sample on the SDK, schema and hub pages type-checks against the packages', () => {
    const found = samples();
    assert.ok(found.length >= 30, `expected the pages' samples, found ${found.length}`);
    const contextFile = join(root, '.docs-samples', 'context.d.ts');
    const virtual = new Map<string, string>([[contextFile, CONTEXT], ...found.map((s) => [s.file, s.code] as const)]);
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      // The packages' sources, as the unit tests use them: no build needed.
      customConditions: ['c2c-source'],
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: ['node'],
      strict: true,
      skipLibCheck: true,
      resolveJsonModule: true,
      noEmit: true,
      experimentalDecorators: true,
      useDefineForClassFields: false,
    };
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile, directoryExists } = host;
    // `@c2c/schema/json-schema/<Name>.json` is a built file; docs/schema holds the same JSON, committed, so this
    // check needs no build, as the rest of the unit tests need none.
    const built = /[\\/](?:packages|@c2c)[\\/]schema[\\/]dist[\\/]json-schema(?:[\\/](.*))?$/;
    const onDisk = (name: string) => {
      const m = built.exec(name);
      return m?.[1] && !fileExists.call(host, name) ? join(root, 'docs', 'schema', m[1]) : name;
    };
    host.fileExists = (name) => virtual.has(name) || fileExists.call(host, onDisk(name));
    host.directoryExists = (name) => built.test(name) || (directoryExists?.call(host, name) ?? true);
    host.readFile = (name) => virtual.get(name) ?? readFile.call(host, onDisk(name));
    host.getSourceFile = (name, language, ...rest) => {
      const text = virtual.get(name);
      return text === undefined
        ? getSourceFile.call(host, onDisk(name), language, ...rest)
        : ts.createSourceFile(name, text, language, true);
    };
    const program = ts.createProgram([contextFile, ...found.map((s) => s.file)], options, host);
    const problems: string[] = [];
    for (const sample of [{ page: 'CONTEXT in test/docs-samples.test.ts', line: 1, file: contextFile }, ...found]) {
      const source = program.getSourceFile(sample.file)!;
      for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
        const at = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
        problems.push(`${sample.page}:${sample.line + at}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      }
    }
    assert.equal(problems.length, 0, `samples that do not compile:\n${problems.join('\n')}`);
  });
});

describe('CDN addresses in the guides', () => {
  // A school pastes the address as it is. Without a version, jsDelivr serves whatever is newest, and can serve the
  // entry file of one release with the parts of another; with an old version, the page misses every fix since.
  it('name the current version of @c2c/elements', () => {
    const version = (
      JSON.parse(readFileSync(join(root, 'packages/elements/package.json'), 'utf8')) as { version: string }
    ).version;
    const pages = [
      'README.md',
      ...ts.sys.readDirectory(join(root, 'docs'), ['.md']).map((p) => p.slice(root.length + 1)),
    ];
    const wrong: string[] = [];
    for (const page of pages) {
      const text = readFileSync(join(root, page), 'utf8');
      for (const m of text.matchAll(/cdn\.jsdelivr\.net\/npm\/@c2c\/elements(@[^/\s"'`]*)?\//g)) {
        if (m[1] !== `@${version}`) wrong.push(`${page}: ${m[0]}`);
      }
    }
    assert.ok(pages.includes('docs/getting-started/school-web-editor.md'), 'the guides were read');
    assert.deepEqual(wrong, [], `addresses that do not name @c2c/elements@${version}`);
  });
});

describe('HTML samples in the guides', () => {
  // Pages whose HTML a school or a portal pastes. An inline script there is refused by the strict
  // Content-Security-Policy the guides recommend, and a bare import in it ('@c2c/sdk') cannot resolve in a browser.
  const GUIDES = [
    'README.md',
    'docs/index.md',
    'docs/theming.md',
    'docs/localisation.md',
    'docs/getting-started/school-web-editor.md',
    'docs/getting-started/trust-developer.md',
    'docs/getting-started/mis-vendor.md',
    'docs/components/index.md',
    'docs/components/service-directory.md',
    'docs/components/pathway-timeline.md',
    'docs/components/handover-form.md',
  ];
  it('load scripts only from a file, never inline', () => {
    const inline: string[] = [];
    for (const page of GUIDES) {
      const text = readFileSync(join(root, page), 'utf8');
      for (const block of text.matchAll(/^```html\n([\s\S]*?)^```$/gm)) {
        for (const tag of block[1]!.matchAll(/<script\b[^>]*>/g))
          if (!/\ssrc=/.test(tag[0])) inline.push(`${page}: ${tag[0]}`);
      }
    }
    assert.deepEqual(inline, []);
  });
});

describe('the docs command', () => {
  // `pnpm docs` is pnpm's own command (it opens a package's page on npm), so a page that says it sends people
  // somewhere else; the site is built by `pnpm run docs`.
  it('is written `pnpm run docs` wherever people are told to build the docs', () => {
    const pages = [
      'README.md',
      'docs/index.md',
      'docs/getting-started/trust-developer.md',
      'docs/getting-started/mis-vendor.md',
      'examples/landing/index.html',
      'scripts/docs/check-site.mjs',
    ];
    const wrong: string[] = [];
    for (const page of pages) {
      const text = readFileSync(join(root, page), 'utf8');
      // README.md explains the difference in one place ("`pnpm docs` alone is a pnpm built-in").
      for (const m of text.matchAll(/pnpm docs\b(?![`<"]* alone)/g))
        wrong.push(`${page}: …${text.slice(m.index - 20, m.index + 20)}…`);
    }
    assert.deepEqual(wrong, []);
  });
});
