/**
 * Runs every `bench/*.bench.ts` (or those whose name contains an argument) and prints one table.
 *
 *   pnpm bench                      every benchmark
 *   pnpm bench directory oruk       only files whose name contains "directory" or "oruk"
 *   BENCH_TIMEOUT_S=600 pnpm bench  a longer limit per file (default 300 s: the hub bench seeds 100,000 services on its first run)
 *
 * Each file runs in its own child process (`node --conditions=c2c-source --import tsx`), so one bench's
 * memory, timers or crash cannot skew or stop another. A file exports
 * `default async function (): Promise<Array<{ name, value, unit, note? }>>`.
 * Results go to bench/results/latest.json. A failed file is shown in the table, and the run exits 1
 * after the others have finished.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One figure a benchmark reports. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

interface FileResult {
  file: string;
  ok: boolean;
  ms: number;
  rows: BenchRow[];
  error?: string;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');

// ------------------------------------------------------------------------------------------ child mode
// `run.ts --child <file> <out.json>`: import one bench, run it, write its rows. Kept in this file so the
// runner has no second entry point to keep in step.
if (process.argv[2] === '--child') {
  const [file, out] = process.argv.slice(3) as [string, string];
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  if (typeof mod.default !== 'function') {
    throw new Error(`${basename(file)} has no default export: export default async function () { return [...] }`);
  }
  const rows = (await (mod.default as () => Promise<unknown>)()) as unknown;
  writeFileSync(out, JSON.stringify(rows));
  // Benches may leave servers or timers behind; the result is written, so stop here.
  process.exit(0);
}

// ----------------------------------------------------------------------------------------- parent mode
function isRow(value: unknown): value is BenchRow {
  if (!value || typeof value !== 'object') return false;
  const row = value as Record<string, unknown>;
  return (
    typeof row['name'] === 'string' &&
    typeof row['value'] === 'number' &&
    typeof row['unit'] === 'string' &&
    (row['note'] === undefined || typeof row['note'] === 'string')
  );
}

function runFile(file: string, timeoutMs: number, scratch: string): Promise<FileResult> {
  const out = join(scratch, `${basename(file)}.json`);
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--conditions=c2c-source', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', file, out],
      // Its own process group, so a timeout also stops what the bench started (a hub, a browser).
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' }, detached: true },
    );
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const onInterrupt = () => {
      killGroup();
      process.exit(130);
    };
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onInterrupt);
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
      // Anything the bench left running (a server it forgot to close) goes with it.
      killGroup();
      const ms = Math.round(performance.now() - started);
      const name = basename(file);
      const fail = (error: string): FileResult => ({ file: name, ok: false, ms, rows: [], error });
      if (timedOut) return done(fail(`timed out after ${Math.round(timeoutMs / 1000)} s`));
      if (code !== 0) {
        const lines = (stderr || stdout).trim().split('\n');
        // The thrown error's own line ("Error: ...", "TypeError [CODE]: ..."), not the code frame above it.
        const message = lines.find((l) => /^\s*\w*Error\b.*:/.test(l)) ?? lines.at(-1) ?? `exit code ${code}`;
        return done(fail(message.trim().slice(0, 200)));
      }
      let rows: unknown;
      try {
        rows = JSON.parse(readFileSync(out, 'utf8'));
      } catch {
        return done(fail('wrote no results'));
      }
      if (!Array.isArray(rows) || !rows.every(isRow)) {
        return done(fail('returned something other than an array of { name, value, unit, note? }'));
      }
      done({ file: name, ok: true, ms, rows });
    });
  });
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-GB', { maximumFractionDigits: digits });
}

function printTable(results: FileResult[]): void {
  const lines: string[][] = [['file', 'name', 'value', 'unit', 'note']];
  for (const r of results) {
    const file = r.file.replace(/\.bench\.ts$/, '');
    if (!r.ok) lines.push([file, 'FAILED', '', '', r.error ?? '']);
    for (const row of r.rows) lines.push([file, row.name, formatValue(row.value), row.unit, row.note ?? '']);
  }
  const widths = lines[0]!.map((_, i) => Math.min(60, Math.max(...lines.map((l) => l[i]!.length))));
  const fmt = (l: string[]) =>
    l
      .map((cell, i) => {
        const text = cell.length > widths[i]! && i < 4 ? `${cell.slice(0, widths[i]! - 1)}…` : cell;
        return i === 2 ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
      })
      .join('  ')
      .trimEnd();
  process.stdout.write(`${fmt(lines[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const l of lines.slice(1)) process.stdout.write(`${fmt(l)}\n`);
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const timeoutMs = Number(process.env['BENCH_TIMEOUT_S'] ?? 300) * 1000;
  const files = readdirSync(HERE)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !filters.length || filters.some((q) => f.includes(q)))
    .sort()
    .map((f) => join(HERE, f));
  if (!files.length) {
    process.stderr.write(
      filters.length ? `No bench/*.bench.ts matches ${filters.join(', ')}.\n` : 'No bench/*.bench.ts files.\n',
    );
    return filters.length ? 1 : 0;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'c2c-bench-'));
  const results: FileResult[] = [];
  try {
    // One at a time: benchmarks running side by side on 2 cores would measure each other.
    for (const file of files) {
      process.stderr.write(`bench: ${basename(file)}…`);
      const result = await runFile(file, timeoutMs, scratch);
      process.stderr.write(` ${result.ok ? 'done' : 'FAILED'} in ${(result.ms / 1000).toFixed(1)} s\n`);
      results.push(result);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  process.stdout.write('\n');
  printTable(results);
  const failed = results.filter((r) => !r.ok);
  const outDir = join(HERE, 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'latest.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model ?? 'unknown',
        results,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(
    `\n${results.length - failed.length} of ${results.length} benchmark files passed; results in bench/results/latest.json\n`,
  );
  return failed.length ? 1 : 0;
}

process.exitCode = await main();
