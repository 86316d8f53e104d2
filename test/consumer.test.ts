// What a vendor or a trust's developer gets from npm: each package as `pnpm pack` makes it (workspace ranges
// rewritten, only `files` inside), unpacked into a project of its own with only its declared dependencies beside it,
// then imported by Node and type-checked by tsc as a consumer's own code is: `skipLibCheck` off, under both Node16
// and bundler resolution. The packaging test checks the file list; this one checks that what is in it works, so a
// declaration file that imports a source path, a subpath without types, or a dependency missing from
// `dependencies` fails here and not on a vendor's machine. Runs after `pnpm build` (the test command builds first).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['schema', 'sdk', 'elements', 'react'] as const;
const TSC = join(root, 'node_modules/typescript/bin/tsc');

/** A consumer's module: every public entry, used as the docs show, so a missing or wrong type fails to compile. */
const CONSUMER = `
import { createClient, NotFoundError, type C2cClient, type Handover } from '@c2c/sdk';
import { createServicesClient } from '@c2c/sdk/services';
import { createOrukReader } from '@c2c/sdk/oruk';
import { validateUpn, HandoverSchema, type Learner } from '@c2c/schema';
import { parseCtf } from '@c2c/schema/ctf';
import { C2cServiceDirectory } from '@c2c/elements/service-directory';
import '@c2c/elements/handover-form/define';
import { ServiceDirectory } from '@c2c/react/service-directory';

export async function use(): Promise<string[]> {
  const hub: C2cClient = createClient({ baseUrl: 'https://hub.example.org', token: 'key' });
  const handover: Handover = await hub.handovers.get('h1', { timeoutMs: 5_000 });
  const services = createServicesClient({ baseUrl: 'https://hub.example.org' });
  const feed = createOrukReader('https://feed.example.org/api');
  const upn = validateUpn('A123456789012');
  const form = document.createElement('c2c-handover-form');
  form.client = hub;
  const directory: C2cServiceDirectory = new C2cServiceDirectory();
  const learner: Learner | undefined = undefined;
  return [
    handover.id,
    String(upn.valid),
    typeof services.search,
    typeof feed.search,
    typeof parseCtf,
    String(HandoverSchema !== undefined),
    String(NotFoundError.name),
    directory.localName,
    String(ServiceDirectory !== undefined),
    String(learner),
  ];
}
`;

/**
 * The pnpm running the tests (`pnpm run test:all` names itself in npm_execpath, which may be an npx copy off PATH),
 * or the one on PATH.
 */
function pnpm(): [string, string[]] {
  const self = process.env.npm_execpath;
  if (!self || !/pnpm/.test(self)) return ['pnpm', []];
  return /\.[cm]?js$/.test(self) ? [process.execPath, [self]] : [self, []];
}

function pack(name: string, into: string): void {
  const before = new Set(readdirSync(into));
  const [command, prefix] = pnpm();
  execFileSync(command, [...prefix, 'pack', '--pack-destination', into], {
    cwd: join(root, 'packages', name),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const tarball = readdirSync(into).find((f) => !before.has(f) && f.endsWith('.tgz'));
  assert.ok(tarball, `pnpm pack made a tarball of @c2c/${name}`);
  const dest = join(into, '..', 'app', 'node_modules', '@c2c', name);
  mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['-xzf', join(into, tarball), '-C', dest, '--strip-components=1']);
}

/** Links a third-party dependency from the workspace's install, as npm would have installed it. */
function link(app: string, from: string, dep: string): void {
  const target = join(app, 'node_modules', dep);
  mkdirSync(dirname(target), { recursive: true });
  try {
    symlinkSync(realpathSync(join(from, 'node_modules', dep)), target, 'dir');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

describe('the packed packages in a project of their own', () => {
  let work: string;
  let app: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'c2c-consumer-'));
    app = join(work, 'app');
    mkdirSync(join(work, 'tgz'), { recursive: true });
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'vendor-app', private: true, type: 'module' }));
    for (const name of PACKAGES) {
      pack(name, join(work, 'tgz'));
      const manifest = JSON.parse(readFileSync(join(app, 'node_modules/@c2c', name, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      };
      for (const dep of [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})])
        if (!dep.startsWith('@c2c/')) link(app, join(root, 'packages', name), dep);
    }
    // What a TypeScript consumer of the React wrapper and of Node installs beside it.
    link(app, join(root, 'packages', 'react'), '@types/react');
    link(app, root, '@types/node');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('depends on the published version of its sibling packages, not on the workspace', () => {
    for (const name of PACKAGES) {
      const manifest = readFileSync(join(app, 'node_modules/@c2c', name, 'package.json'), 'utf8');
      assert.ok(!manifest.includes('workspace:'), `@c2c/${name}'s package.json has no workspace: range`);
    }
  });

  it('imports in Node from every server-side entry', () => {
    const script = `
      const sdk = await import('@c2c/sdk');
      const services = await import('@c2c/sdk/services');
      const oruk = await import('@c2c/sdk/oruk');
      const schema = await import('@c2c/schema');
      const ctf = await import('@c2c/schema/ctf');
      const synthetic = await import('@c2c/schema/synthetic');
      const hub = sdk.createClient({ baseUrl: 'https://hub.example.org', token: 'key' });
      console.log(JSON.stringify({
        client: typeof hub.handovers.list,
        services: typeof services.createServicesClient,
        oruk: typeof oruk.createOrukReader,
        upn: schema.validateUpn(synthetic.syntheticLearners(1, 7)[0].upn).valid,
        ctf: typeof ctf.parseCtf,
      }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), {
      client: 'function',
      services: 'function',
      oruk: 'function',
      upn: true,
      ctf: 'function',
    });
  });

  for (const resolution of ['node16', 'bundler'] as const) {
    it(`type-checks a consumer's code against the published declarations (${resolution} resolution)`, () => {
      writeFileSync(join(app, 'consumer.ts'), CONSUMER);
      writeFileSync(
        join(app, `tsconfig.${resolution}.json`),
        JSON.stringify({
          compilerOptions: {
            module: resolution === 'node16' ? 'node16' : 'esnext',
            moduleResolution: resolution,
            target: 'es2022',
            lib: ['es2023', 'dom', 'dom.iterable'],
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ['node'],
          },
          files: ['consumer.ts'],
        }),
      );
      let output = '';
      try {
        execFileSync(process.execPath, [TSC, '-p', `tsconfig.${resolution}.json`], { cwd: app, encoding: 'utf8' });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error);
      }
      assert.equal(output, '', `tsc found problems in the published types:\n${output}`);
    });
  }
});
