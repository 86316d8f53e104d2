#!/usr/bin/env node
// Builds the documentation site into docs/dist (`pnpm run docs`). Works offline.
//
//   node scripts/docs.mjs [--skip-api] [--no-check] [--strict-links]
//
//   1. TypeScript API reference with typedoc -> docs/api, copied to docs/dist/api
//   2. every docs/**/*.md -> HTML (one accessible template, strict CSP, no inline script or style)
//   3. one page per component from packages/elements/custom-elements.json, merged with
//      docs/components/<component>.md, with a live example from Storybook when it is built
//   4. the hub API reference from its OpenAPI document (skipped with a note if the hub cannot load)
//   5. the CDN bundles and their gzipped sizes (from packages/elements/dist/cdn when built)
//   6. Storybook, if docs/dist/storybook exists (CI builds it first; this script never deletes it)
//
// A missing optional input (manifest, hub, CDN build, Storybook) never fails the build: the page says
// what is missing and how to produce it. `--check` then verifies that every internal link resolves.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { Marked } from 'marked';
import { esc, inline, layout, table, STYLESHEET } from './docs/html.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOCS = join(ROOT, 'docs');
const OUT = join(DOCS, 'dist');
const MANIFEST = join(ROOT, 'packages/elements/custom-elements.json');
const CDN_DIR = join(ROOT, 'packages/elements/dist/cdn');
const STORYBOOK = join(OUT, 'storybook');

const { values: args } = parseArgs({
  options: {
    'skip-api': { type: 'boolean', default: false },
    check: { type: 'boolean', default: true },
    // CI: a broken internal link or heading fails the build.
    'strict-links': { type: 'boolean', default: false },
  },
});

const started = performance.now();
const notes = [];
let brokenLinks = 0;
const step = (label, fn) => {
  const t = performance.now();
  const result = fn();
  console.log(`docs: ${label} (${Math.round(performance.now() - t)} ms)`);
  return result;
};
const bin = (name) => join(ROOT, 'node_modules/.bin', name);

// ---------------------------------------------------------------------------------------------- clean
// Keep docs/dist/storybook: CI builds Storybook first and the docs link to it.
mkdirSync(OUT, { recursive: true });
for (const entry of readdirSync(OUT)) {
  if (entry !== 'storybook') rmSync(join(OUT, entry), { recursive: true, force: true });
}
mkdirSync(join(OUT, 'assets'), { recursive: true });
writeFileSync(join(OUT, 'assets/site.css'), STYLESHEET);

// -------------------------------------------------------------------------------------------- typedoc
let apiBuilt = false;
if (!args['skip-api']) {
  step('typedoc -> docs/api', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts/docs/typedoc.mjs')], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status === 0 && existsSync(join(DOCS, 'api/index.html'))) {
      cpSync(join(DOCS, 'api'), join(OUT, 'api'), { recursive: true });
      apiBuilt = true;
    } else {
      notes.push('typedoc failed: the TypeScript API reference was not built (see the output above).');
    }
  });
}

// ---------------------------------------------------------------------------------- component manifest
let manifest = null;
step('custom elements manifest', () => {
  if (!existsSync(MANIFEST) || newestSource(join(ROOT, 'packages/elements/src')) > statSync(MANIFEST).mtimeMs) {
    spawnSync(bin('cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  if (existsSync(MANIFEST)) manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  else notes.push('No custom-elements.json: run `pnpm analyze` to generate the component pages.');
});

/** The latest modification time of any .ts file under `dir`, so a stale manifest is regenerated. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Every custom element declared in the manifest, with the module path that declares it. */
function elementsOf(m) {
  const out = [];
  for (const mod of m?.modules ?? []) {
    for (const decl of mod.declarations ?? []) {
      if (decl.customElement && decl.tagName) out.push({ ...decl, modulePath: mod.path });
    }
  }
  return out.sort((a, b) => a.tagName.localeCompare(b.tagName));
}
const elements = elementsOf(manifest);
// Components are the public tags (`c2c-service-directory`); parts private to a component are documented
// on their parent's page only if they carry a JSDoc summary.
const componentSlug = (tag) => tag.replace(/^c2c-/, '');

// ---------------------------------------------------------------------------------------- storybook
const storybookBuilt = existsSync(join(STORYBOOK, 'index.html'));
const storyIndex =
  storybookBuilt && existsSync(join(STORYBOOK, 'index.json'))
    ? JSON.parse(readFileSync(join(STORYBOOK, 'index.json'), 'utf8'))
    : { entries: {} };
function storiesFor(slug) {
  return Object.values(storyIndex.entries).filter(
    (e) =>
      e.type === 'story' &&
      (e.importPath?.endsWith(`/${slug}.stories.ts`) ||
        e.id.startsWith(`${slug}--`) ||
        e.id.startsWith(`components-${slug}--`)),
  );
}

// -------------------------------------------------------------------------------------------- markdown
const marked = new Marked({
  gfm: true,
  renderer: {
    heading({ tokens, depth }) {
      const html = this.parser.parseInline(tokens);
      const id = slugify(html.replace(/<[^>]+>/g, ''));
      return `<h${depth} id="${id}">${html}</h${depth}>\n`;
    },
    link({ href, title, tokens }) {
      const text = this.parser.parseInline(tokens);
      return `<a href="${esc(rewriteHref(href))}"${title ? ` title="${esc(title)}"` : ''}>${text}</a>`;
    },
    checkbox({ checked }) {
      // Task lists are checklists to print or copy, not form controls (a disabled checkbox has no label).
      return `<span class="task" aria-hidden="true">${checked ? '☑' : '☐'}</span> `;
    },
    code({ text, lang }) {
      // Focusable so keyboard users can scroll long lines (axe: scrollable-region-focusable).
      const cls = lang ? ` class="language-${esc(lang)}"` : '';
      return `<pre tabindex="0"><code${cls}>${esc(text)}</code></pre>\n`;
    },
    table(token) {
      // Wrap tables so that wide ones scroll instead of breaking the layout at 400% zoom.
      // An empty heading cell (a description column left unnamed) becomes a plain cell: an empty <th> names nothing.
      const header = token.header
        .map((cell) => {
          const html = this.parser.parseInline(cell.tokens);
          return html.trim() ? `<th scope="col">${html}</th>` : '<td></td>';
        })
        .join('');
      const rows = token.rows
        .map((row) => `<tr>${row.map((cell) => `<td>${this.parser.parseInline(cell.tokens)}</td>`).join('')}</tr>`)
        .join('\n');
      return `<div class="table-wrap" tabindex="0"><table><thead><tr>${header}</tr></thead><tbody>${rows}</tbody></table></div>\n`;
    },
  },
});

function slugify(text) {
  return text
    .toLowerCase()
    .replace(/&[a-z]+;|&#\d+;/g, '')
    .replace(/[^a-z0-9\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** Links between guides are written as .md (so they work on GitHub); the site serves .html. */
function rewriteHref(href) {
  if (/^[a-z]+:|^\/\/|^#/i.test(href)) return href;
  return href.replace(/\.md(#.*)?$/, '.html$1').replace(/\/$/, '/index.html');
}

function listMarkdown(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (['dist', 'api', 'node_modules'].includes(entry.name)) continue;
      out.push(...listMarkdown(path));
    } else if (entry.name.endsWith('.md')) out.push(path);
  }
  return out;
}

function titleOf(markdown, fallback) {
  return markdown.match(/^#\s+(.+)$/m)?.[1]?.replace(/`/g, '') ?? fallback;
}

// ----------------------------------------------------------------------------------------------- nav
const pages = listMarkdown(DOCS).map((file) => {
  const rel = relative(DOCS, file).split('\\').join('/');
  const md = readFileSync(file, 'utf8');
  return { file, rel, href: rel.replace(/\.md$/, '.html'), md, title: titleOf(md, rel) };
});
const byRel = new Map(pages.map((p) => [p.rel, p]));
const pick = (rels) =>
  rels.filter((r) => byRel.has(r)).map((r) => ({ href: r.replace(/\.md$/, '.html'), title: byRel.get(r).title }));

const componentSlugs = [
  ...new Set([
    ...elements.filter((e) => !e.modulePath.includes('/parts/')).map((e) => componentSlug(e.tagName)),
    ...pages
      .filter((p) => p.rel.startsWith('components/') && p.rel !== 'components/index.md')
      .map((p) => posix.basename(p.rel, '.md')),
  ]),
].sort();

const placed = new Set([
  'index.md',
  'getting-started/school-web-editor.md',
  'getting-started/trust-developer.md',
  'getting-started/mis-vendor.md',
  'theming.md',
  'localisation.md',
  'security.md',
  'dpia.md',
  'hub.md',
  'sdk.md',
  'hub-api.md',
  'schema.md',
  'components/index.md',
  ...componentSlugs.map((s) => `components/${s}.md`),
]);
const nav = [
  {
    heading: 'Start here',
    items: [
      { href: 'index.html', title: 'Overview' },
      ...pick([
        'getting-started/school-web-editor.md',
        'getting-started/trust-developer.md',
        'getting-started/mis-vendor.md',
      ]),
    ],
  },
  {
    heading: 'Components',
    items: [
      { href: 'components/index.html', title: 'All components' },
      ...componentSlugs.map((s) => ({ href: `components/${s}.html`, title: `<c2c-${s}>` })),
    ],
  },
  { heading: 'Guides', items: pick(['theming.md', 'localisation.md', 'security.md', 'dpia.md', 'hub.md', 'sdk.md']) },
  {
    heading: 'Reference',
    items: [
      { href: 'reference/hub-api.html', title: 'Hub API (OpenAPI)' },
      ...pick(['hub-api.md', 'schema.md']),
      { href: 'reference/cdn.html', title: 'CDN bundles' },
      ...(args['skip-api'] ? [] : [{ href: 'api/index.html', title: 'TypeScript API' }]),
      ...(storybookBuilt ? [{ href: 'storybook/index.html', title: 'Storybook' }] : []),
    ],
  },
  { heading: 'More', items: pages.filter((p) => !placed.has(p.rel)).map((p) => ({ href: p.href, title: p.title })) },
].filter((g) => g.items.length);

function write(href, title, body, description) {
  const depth = href.split('/').length - 1;
  const root = '../'.repeat(depth);
  const file = join(OUT, href);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, layout({ title, body, root, current: href, nav, description }));
}

// -------------------------------------------------------------------------------------------- guides
step(`markdown guides (${pages.length})`, () => {
  for (const page of pages) {
    if (page.rel.startsWith('components/') && page.rel !== 'components/index.md') continue; // merged below
    let body = marked.parse(page.md);
    if (page.rel === 'components/index.md') body += componentIndex();
    write(page.href, page.title, body);
  }
  copyAssets(DOCS);
  if (!byRel.has('index.md')) write('index.html', 'c2c-kit', '<h1>c2c-kit documentation</h1>');
  if (!byRel.has('components/index.md'))
    write('components/index.html', 'Components', `<h1>Components</h1>${componentIndex()}`);
});

/**
 * Copies everything in docs/ that is not Markdown (JSON Schemas, images) to the same place in docs/dist, and
 * gives each copied folder without an index.html a listing page, so a guide can link to a folder.
 */
function copyAssets(dir) {
  const copied = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(DOCS, path).split('\\').join('/');
    if (entry.isDirectory()) {
      if (['dist', 'api', 'node_modules'].includes(rel)) continue;
      const inside = copyAssets(path);
      if (inside.length && !existsSync(join(OUT, rel, 'index.html'))) {
        const items = inside.map((f) => `<li><a href="${esc(f)}"><code>${esc(f)}</code></a></li>`).join('\n');
        write(`${rel}/index.html`, `${rel}/`, `<h1><code>${esc(rel)}/</code></h1>\n<ul>\n${items}\n</ul>`);
      }
    } else if (!entry.name.endsWith('.md') && !entry.name.startsWith('.')) {
      mkdirSync(dirname(join(OUT, rel)), { recursive: true });
      cpSync(path, join(OUT, rel));
      copied.push(entry.name);
    }
  }
  return copied.sort();
}

function componentIndex() {
  const rows = componentSlugs.map((slug) => {
    const el = elements.find((e) => e.tagName === `c2c-${slug}`);
    return { slug, summary: el?.summary ?? el?.description?.split('\n')[0] ?? '' };
  });
  return `<h2 id="all-components">All components</h2>
${table('Components in @c2c/elements', ['Element', 'What it does'], rows, (r) => [
  `<a href="${esc(r.slug)}.html"><code>&lt;c2c-${esc(r.slug)}&gt;</code></a>`,
  inline(r.summary),
])}
${elements.length ? '' : '<p class="note">The component tables are generated from <code>custom-elements.json</code>. Run <code>pnpm analyze</code> and rebuild the docs.</p>'}`;
}

// ---------------------------------------------------------------------------------- component pages
step(`component pages (${componentSlugs.length})`, () => {
  for (const slug of componentSlugs) {
    const tag = `c2c-${slug}`;
    const el = elements.find((e) => e.tagName === tag);
    const handWritten = byRel.get(`components/${slug}.md`);
    const parts = [];
    const hasOwnH1 = handWritten && /^#\s/m.test(handWritten.md);
    if (!hasOwnH1) parts.push(`<h1><code>&lt;${esc(tag)}&gt;</code></h1>`);
    if (el?.summary) parts.push(`<p class="lead">${inline(el.summary)}</p>`);
    if (handWritten) parts.push(marked.parse(handWritten.md));
    else if (el?.description) parts.push(`<p>${inline(el.description)}</p>`);
    parts.push(liveExample(slug));
    parts.push(
      el
        ? apiTables(el)
        : '<p class="note">No entry in <code>custom-elements.json</code> for this element yet: run <code>pnpm analyze</code>.</p>',
    );
    const subparts = elements.filter((e) => e.modulePath.includes(`/${slug}/parts/`) && (e.summary || e.description));
    for (const sub of subparts) {
      parts.push(
        `<h2 id="${esc(sub.tagName)}">Inside it: <code>&lt;${esc(sub.tagName)}&gt;</code></h2><p>${inline(sub.summary ?? sub.description)}</p>`,
      );
      parts.push(apiTables(sub, 3));
    }
    write(`components/${slug}.html`, `<${tag}>`, parts.join('\n'), el?.summary);
  }
});

function liveExample(slug) {
  const stories = storiesFor(slug);
  if (!storybookBuilt) {
    return '<h2 id="example">Example</h2><p class="note">Live examples come from Storybook: run <code>pnpm storybook:build</code> before <code>pnpm run docs</code>.</p>';
  }
  if (!stories.length)
    return '<h2 id="example">Example</h2><p class="note">No Storybook stories for this component yet.</p>';
  const first = stories[0];
  return `<h2 id="example">Example</h2>
<iframe class="example-frame" title="Live example: ${esc(first.title)} – ${esc(first.name)}" src="../storybook/iframe.html?id=${encodeURIComponent(first.id)}&amp;viewMode=story" loading="lazy"></iframe>
<p>More states in Storybook:</p>
<ul>${stories.map((s) => `<li><a href="../storybook/index.html?path=/story/${encodeURIComponent(s.id)}">${esc(s.name)}</a></li>`).join('')}</ul>`;
}

function apiTables(el, level = 2) {
  const h = `h${level}`;
  const type = (t) => (t?.text ? `<code>${esc(t.text)}</code>` : '');
  const fields = (el.members ?? []).filter(
    (m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public' && !m.name.startsWith('_'),
  );
  const methods = (el.members ?? []).filter(
    (m) => m.kind === 'method' && !m.static && (m.privacy ?? 'public') === 'public' && !m.name.startsWith('_'),
  );
  const out = [
    table('Attributes', ['Attribute', 'Property', 'Type', 'Default', 'Description'], el.attributes ?? [], (a) => [
      `<code>${esc(a.name)}</code>`,
      a.fieldName ? `<code>${esc(a.fieldName)}</code>` : '',
      type(a.type),
      a.default != null ? `<code>${esc(a.default)}</code>` : '',
      inline(a.description ?? ''),
    ]),
    table('Properties', ['Property', 'Type', 'Default', 'Description'], fields, (f) => [
      `<code>${esc(f.name)}</code>${f.readonly ? ' (read-only)' : ''}`,
      type(f.type),
      f.default != null ? `<code>${esc(f.default)}</code>` : '',
      inline(f.description ?? ''),
    ]),
    table('Methods', ['Method', 'Parameters', 'Description'], methods, (m) => [
      `<code>${esc(m.name)}()</code>`,
      (m.parameters ?? [])
        .map((p) => `<code>${esc(p.name)}${p.type?.text ? `: ${esc(p.type.text)}` : ''}</code>`)
        .join(', '),
      inline(m.description ?? ''),
    ]),
    table('Events (bubble and cross shadow roots)', ['Event', 'Detail', 'Description'], el.events ?? [], (e) => [
      `<code>${esc(e.name)}</code>`,
      type(e.type),
      inline(e.description ?? ''),
    ]),
    table('Slots', ['Slot', 'Description'], el.slots ?? [], (s) => [
      s.name ? `<code>${esc(s.name)}</code>` : '(default)',
      inline(s.description ?? ''),
    ]),
    table('CSS parts (style with ::part())', ['Part', 'Description'], el.cssParts ?? [], (p) => [
      `<code>${esc(p.name)}</code>`,
      inline(p.description ?? ''),
    ]),
    table('CSS custom properties', ['Property', 'Default', 'Description'], el.cssProperties ?? [], (p) => [
      `<code>${esc(p.name)}</code>`,
      p.default ? `<code>${esc(p.default)}</code>` : '',
      inline(p.description ?? ''),
    ]),
  ].filter(Boolean);
  if (!out.length) return '';
  return `<${h} id="api-${esc(el.tagName)}">API of <code>&lt;${esc(el.tagName)}&gt;</code></${h}>\n${out.join('\n')}`;
}

// ----------------------------------------------------------------------------------------- hub API
step('hub API reference (OpenAPI)', () => {
  const result = spawnSync(
    process.execPath,
    ['--conditions=c2c-source', '--import', 'tsx', join(ROOT, 'scripts/docs/openapi.ts')],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  let doc = null;
  if (result.status === 0) {
    try {
      doc = JSON.parse(result.stdout);
    } catch {
      /* reported below */
    }
  }
  mkdirSync(join(OUT, 'reference'), { recursive: true });
  if (!doc) {
    const reason = (result.stderr || result.error?.message || 'unknown error').trim().split('\n').slice(-3).join(' ');
    notes.push(`Hub API reference skipped: ${reason}`);
    write(
      'reference/hub-api.html',
      'Hub API reference',
      `<h1>Hub API reference</h1>
<p class="note">The OpenAPI document could not be generated from <code>@c2c/hub</code> when these docs were built (${esc(reason)}).
The contract is described in <a href="../hub-api.html">the hub API guide</a>, and a running hub serves the document at <code>GET /v1/openapi.json</code>.</p>`,
    );
    return;
  }
  writeFileSync(join(OUT, 'reference/openapi.json'), JSON.stringify(doc, null, 2));
  write(
    'reference/hub-api.html',
    'Hub API reference',
    renderOpenApi(doc),
    'Every endpoint of the c2c-kit hub, generated from its OpenAPI document.',
  );
});

function renderOpenApi(doc) {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) ops.push({ path, method, op });
    }
  }
  const tags = [...new Set(ops.map((o) => o.op.tags?.[0] ?? 'Other'))];
  const opId = (o) => slugify(o.op.operationId ?? `${o.method}-${o.path}`);
  const components = doc.components?.schemas ?? {};
  // Named schemas are components; a block links to the ones it refers to.
  const refLinks = (schema) => {
    const names = [
      ...new Set([...JSON.stringify(schema).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1])),
    ];
    return names.length
      ? `<p>Refers to: ${names.map((n) => `<a href="#schema-${slugify(n)}"><code>${esc(n)}</code></a>`).join(', ')}</p>`
      : '';
  };
  const schemaBlock = (label, schema) =>
    schema
      ? `<details><summary>${esc(label)}</summary><pre tabindex="0"><code>${esc(JSON.stringify(schema, null, 2))}</code></pre>${refLinks(schema)}</details>`
      : '';
  const sections = tags.map((tag) => {
    const inTag = ops.filter((o) => (o.op.tags?.[0] ?? 'Other') === tag);
    return `<h2 id="${slugify(tag)}">${esc(tag)}</h2>
${inTag
  .map((o) => {
    const params = o.op.parameters ?? [];
    const body = o.op.requestBody?.content?.['application/json']?.schema;
    const responses = Object.entries(o.op.responses ?? {});
    return `<h3 id="${opId(o)}"><span class="tag ${o.method}">${o.method.toUpperCase()}</span> <code>${esc(o.path)}</code></h3>
<p>${inline(o.op.summary ?? '')}${o.op.description ? ` ${inline(o.op.description)}` : ''}</p>
<p><strong>Authentication:</strong> ${o.op.security && o.op.security.length === 0 ? 'none (public)' : 'bearer token'}</p>
${table('Parameters', ['Name', 'In', 'Required', 'Type', 'Description'], params, (p) => [
  `<code>${esc(p.name)}</code>`,
  esc(p.in),
  p.required ? 'yes' : 'no',
  `<code>${esc(describeType(p.schema))}</code>`,
  inline(p.description ?? p.schema?.description ?? ''),
])}
${schemaBlock(`Request body (JSON Schema)${o.op.requestBody?.required === false ? ', optional' : ''}`, body)}
${table('Responses', ['Status', 'Description'], responses, ([status, r]) => [esc(status), inline(r.description ?? '')])}
${responses
  .filter(([status]) => status !== 'default')
  .map(([status, r]) => schemaBlock(`${status} response body (JSON Schema)`, r.content?.['application/json']?.schema))
  .join('')}`;
  })
  .join('\n')}`;
  });
  const codes = doc['x-problem-codes'];
  return `<h1>Hub API reference</h1>
<p>${inline(doc.info?.description ?? '')}</p>
<p>Version <code>${esc(doc.info?.version ?? '')}</code>, OpenAPI ${esc(doc.openapi ?? '')}. Download the machine-readable <a href="openapi.json">openapi.json</a>
(also served by every hub at <code>GET /v1/openapi.json</code>). The conventions (authentication, pagination, idempotency, versions) are explained in <a href="../hub-api.html">the hub API guide</a>.</p>
<h2 id="contents">Contents</h2>
<ul>${tags.map((t) => `<li><a href="#${slugify(t)}">${esc(t)}</a></li>`).join('')}${Object.keys(components).length ? '<li><a href="#schemas">Schemas</a></li>' : ''}</ul>
${codes && typeof codes === 'object' ? table('Problem codes', ['Code', 'HTTP status'], Object.entries(codes), ([c, s]) => [`<code>${esc(c)}</code>`, esc(s)]) : ''}
${sections.join('\n')}
${
  Object.keys(components).length
    ? `<h2 id="schemas">Schemas</h2>
<p>Every named schema the endpoints refer to. <code>…Input</code> is a schema as sent to the hub (before defaults and trimming) where it differs in name from the one the hub sends back.</p>
${Object.entries(components)
  .map(
    ([name, schema]) =>
      `<h3 id="schema-${slugify(name)}"><code>${esc(name)}</code></h3>${schema.description ? `<p>${inline(schema.description)}</p>` : ''}${schemaBlock('JSON Schema', schema)}`,
  )
  .join('\n')}`
    : ''
}`;
}

function describeType(schema) {
  if (!schema) return '';
  if (schema.$ref) return schema.$ref.split('/').pop();
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.anyOf) return schema.anyOf.map(describeType).join(' | ');
  if (schema.type === 'array') return `${describeType(schema.items)}[]`;
  const bits = [schema.type ?? 'any'];
  if (schema.format) bits.push(`(${schema.format})`);
  if (schema.minimum != null || schema.maximum != null) bits.push(`${schema.minimum ?? ''}..${schema.maximum ?? ''}`);
  return bits.join(' ');
}

// ------------------------------------------------------------------------------------------------ CDN
step('CDN bundle sizes', () => {
  const version = JSON.parse(readFileSync(join(ROOT, 'packages/elements/package.json'), 'utf8')).version;
  const componentNames = new Set(
    readdirSync(join(ROOT, 'packages/elements/src'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'packages/elements/src', d.name, 'define.ts')))
      .map((d) => d.name),
  );
  // A component's cost is its entry plus every chunk it imports statically (fetched at once); chunks it
  // imports with import() load only when needed (the CTF importer, say). Files no entry reaches are stale
  // output of an earlier build and are ignored.
  const gz = new Map();
  const sizeOf = (file) => {
    if (!gz.has(file)) {
      const buf = readFileSync(join(CDN_DIR, file));
      gz.set(file, { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length, code: buf.toString('utf8') });
    }
    return gz.get(file);
  };
  const importsOf = (file) => {
    const code = sizeOf(file).code;
    const local = (re) => [...code.matchAll(re)].map((m) => m[1]).filter((f) => existsSync(join(CDN_DIR, f)));
    return {
      eager: local(/(?:\bfrom|\bimport)\s*["'](?:\.\/)?([\w.-]+\.js)["']/g),
      lazy: local(/\bimport\(\s*["'](?:\.\/)?([\w.-]+\.js)["']\s*\)/g),
    };
  };
  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  const rows = [];
  for (const name of [...componentNames].sort()) {
    const entry = `${name}.js`;
    if (!existsSync(join(CDN_DIR, entry))) continue;
    const eager = new Set([entry]);
    const lazy = new Set();
    const queue = [entry];
    while (queue.length) {
      const { eager: e, lazy: l } = importsOf(queue.shift());
      for (const f of e) {
        if (eager.has(f)) continue;
        eager.add(f);
        queue.push(f);
      }
      for (const f of l) lazy.add(f);
    }
    for (const f of eager) lazy.delete(f);
    const sum = (set, key) => [...set].reduce((n, f) => n + sizeOf(f)[key], 0);
    rows.push({
      name,
      entry,
      files: eager.size,
      raw: sum(eager, 'raw'),
      gzip: sum(eager, 'gzip'),
      lazyRaw: sum(lazy, 'raw'),
      lazyGzip: sum(lazy, 'gzip'),
      lazyFiles: [...lazy],
    });
  }
  const body = `<h1>CDN bundles</h1>
<p>Each component is also an ES module bundle: Lit, the SDK calls it needs, <code>zod/mini</code> and its English and Welsh strings are inside.
A page needs one <code>&lt;script type="module"&gt;</code> and the element. The bundle is split: the file you load fetches its other parts
(the Welsh strings, a search index, a feed reader) from the same folder only when a page needs them, so to host a bundle yourself copy
every file in <code>dist/cdn/</code> whose name starts with the component's name. The bundles run under a strict Content-Security-Policy
(<code>script-src 'self'</code>, no <code>unsafe-inline</code>, no <code>unsafe-eval</code>) when you host them on your own site.</p>
${
  rows.length
    ? table(
        `Bundles in @c2c/elements ${version} (measured when these docs were built; gzip -9, each file compressed on its own)`,
        ['Component', 'File', 'Loaded at once (minified)', 'Loaded at once (gzip)', 'Loaded on demand (gzip)'],
        rows,
        (r) => [
          `<a href="../components/${esc(r.name)}.html"><code>&lt;c2c-${esc(r.name)}&gt;</code></a>`,
          `<code>${esc(r.entry)}</code>${r.files > 1 ? ` + ${r.files - 1} chunk${r.files > 2 ? 's' : ''}` : ''}`,
          esc(kb(r.raw)),
          `<strong>${esc(kb(r.gzip))}</strong>`,
          r.lazyFiles.length
            ? `${esc(kb(r.lazyGzip))} (${r.lazyFiles.map((f) => `<code>${esc(f)}</code>`).join(', ')})`
            : '–',
        ],
      )
    : '<p class="note">The CDN bundles are not built yet: run <code>pnpm build</code> and rebuild the docs to list them with their sizes.</p>'
}
<h2 id="use">Using a bundle</h2>
<p>Self-host the file (recommended: your CSP stays <code>script-src 'self'</code>), or load it from a public npm CDN:</p>
<pre tabindex="0"><code>${esc(
    (rows.length ? rows.map((r) => r.entry) : ['service-directory.js'])
      .map(
        (f) =>
          `<script type="module" src="https://cdn.jsdelivr.net/npm/@c2c/elements@${version}/dist/cdn/${f}"></script>`,
      )
      .join('\n'),
  )}</code></pre>
<p>If you load from a CDN, add its origin to <code>script-src</code> and pin the exact version, as above. See <a href="../getting-started/school-web-editor.html">getting started for school web editors</a>.</p>`;
  write('reference/cdn.html', 'CDN bundles', body, 'Self-contained component bundles and their sizes.');
  if (!rows.length) notes.push('No CDN bundles in packages/elements/dist/cdn: run `pnpm build` to list their sizes.');
  return rows;
});

// --------------------------------------------------------------------------------------- link check
if (args.check) {
  step('internal link check', () => {
    const broken = [];
    const htmlFiles = [];
    const walk = (dir) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (!['api', 'storybook'].includes(relative(OUT, p))) walk(p);
        } else if (e.name.endsWith('.html')) htmlFiles.push(p);
      }
    };
    walk(OUT);
    const idCache = new Map();
    const ids = (file) => {
      if (!idCache.has(file))
        idCache.set(file, new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])));
      return idCache.get(file);
    };
    for (const file of htmlFiles) {
      const html = readFileSync(file, 'utf8');
      for (const [, href] of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
        if (/^[a-z]+:|^\/\/|^#|^mailto:/i.test(href)) continue;
        if (args['skip-api'] && /(^|\/)api\/index\.html$/.test(href)) continue;
        const clean = href.replace(/&amp;/g, '&');
        const target = resolve(dirname(file), decodeURIComponent(clean.split(/[?#]/)[0]));
        if (!existsSync(target) || (statSync(target).isDirectory() && !existsSync(join(target, 'index.html')))) {
          broken.push(`${relative(OUT, file)} -> ${href}`);
          continue;
        }
        // A #fragment into one of our own pages must name a heading that exists.
        const fragment = clean.split('#')[1];
        if (fragment && target.endsWith('.html') && !target.startsWith(join(OUT, 'storybook'))) {
          if (!ids(target).has(decodeURIComponent(fragment)))
            broken.push(`${relative(OUT, file)} -> ${href} (no such heading)`);
        }
      }
    }
    brokenLinks = broken.length;
    if (broken.length) {
      // Guides may link to pages other engineers have not written yet: report, do not fail.
      notes.push(
        `${broken.length} internal link(s) point at pages or headings that do not exist (yet):\n    ${broken.join('\n    ')}`,
      );
    }
  });
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `docs: built ${relative(ROOT, OUT)} in ${seconds} s${apiBuilt ? ' (with the TypeScript API)' : ''}${storybookBuilt ? ' (with Storybook)' : ''}`,
);
for (const note of notes) console.log(`docs: note: ${note}`);
if (args['strict-links'] && brokenLinks > 0) {
  console.error(`docs: ${brokenLinks} broken internal link(s) (--strict-links).`);
  process.exit(1);
}
