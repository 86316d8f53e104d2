// The docs site's HTML: one accessible page template and small escaping helpers.
// Pages carry a strict Content-Security-Policy (no inline script or style), the same one we ask
// schools to use, so the docs prove the policy is livable.

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(value) {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Escapes text, then turns `code` spans into <code>: enough for JSDoc descriptions in the manifest. */
export function inline(text) {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** A table, or nothing when there are no rows. `cells` returns already-escaped HTML per column. */
export function table(caption, headers, rows, cells) {
  if (!rows.length) return '';
  // Focusable so keyboard users can scroll a wide table (axe: scrollable-region-focusable).
  return `<div class="table-wrap" tabindex="0"><table>
<caption>${esc(caption)}</caption>
<thead><tr>${headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows
  .map(
    (row) =>
      `<tr>${cells(row)
        .map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`))
        .join('')}</tr>`,
  )
  .join('\n')}
</tbody></table></div>`;
}

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/**
 * @param {{ title: string, body: string, root: string, current: string, nav: Array<{ heading: string, items: Array<{ href: string, title: string }> }>, description?: string }} page
 *   `root` is the relative path from the page to the site root ('' or '../'); `current` is the page's own
 *   href from the root, used to mark the nav link with aria-current.
 */
export function layout({ title, body, root, current, nav, description }) {
  const navHtml = nav
    .map(
      (group) => `<h2>${esc(group.heading)}</h2>
<ul>
${group.items
  .map(
    (item) =>
      `<li><a href="${esc(root + item.href)}"${item.href === current ? ' aria-current="page"' : ''}>${esc(item.title)}</a></li>`,
  )
  .join('\n')}
</ul>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${esc(title)} – c2c-kit</title>
${description ? `<meta name="description" content="${esc(description)}">` : ''}
<link rel="stylesheet" href="${root}assets/site.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<a class="brand" href="${root}index.html">c2c-kit <span>documentation</span></a>
</header>
<div class="layout">
<nav class="site-nav" aria-label="Documentation">
${navHtml}
</nav>
<main id="main" tabindex="-1">
${body}
</main>
</div>
<footer class="site-footer"><p>c2c-kit is open source under the MIT licence. All data shown in these docs is synthetic.</p></footer>
</body>
</html>
`;
}

export const STYLESHEET = `/* c2c-kit docs: GOV.UK-like defaults, readable at 400% zoom, visible focus. */
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.5; color: #0b0c0c; background: #fff; }
body { margin: 0; }
a { color: #1d70b8; text-underline-offset: 0.15em; }
a:visited { color: #4c2c92; }
a:hover { color: #003078; text-decoration-thickness: 3px; }
a:focus-visible, summary:focus-visible { outline: 3px solid transparent; background: #fd0; color: #0b0c0c; box-shadow: 0 -2px #fd0, 0 4px #0b0c0c; text-decoration: none; }
main:focus { outline: none; }
.skip-link { position: absolute; left: -9999px; top: 0; padding: 0.5rem 1rem; background: #fd0; color: #0b0c0c; z-index: 10; }
.skip-link:focus { left: 0; }
.site-header { background: #0b0c0c; padding: 0.75rem 1.5rem; border-bottom: 8px solid #1d70b8; }
.site-header .brand { color: #fff; font-weight: 700; font-size: 1.25rem; text-decoration: none; }
.site-header .brand span { font-weight: 400; }
.site-header .brand:focus-visible { color: #0b0c0c; }
.layout { display: flex; flex-wrap: wrap; gap: 2rem; max-width: 75rem; margin: 0 auto; padding: 1.5rem; }
.site-nav { flex: 0 0 15rem; font-size: 0.95rem; }
.site-nav h2 { font-size: 1rem; margin: 1.25rem 0 0.25rem; }
.site-nav ul { list-style: none; margin: 0; padding: 0; }
.site-nav li { margin: 0.25rem 0; }
.site-nav a[aria-current="page"] { font-weight: 700; color: #0b0c0c; text-decoration: none; border-left: 4px solid #1d70b8; padding-left: 0.5rem; }
main { flex: 1 1 30rem; min-width: 0; max-width: 48rem; }
h1 { font-size: 2.25rem; line-height: 1.15; margin-top: 0; }
h2 { font-size: 1.6rem; margin-top: 2.25rem; }
h3 { font-size: 1.2rem; margin-top: 1.75rem; }
p, li { max-width: 40em; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; background: #f3f2f1; padding: 0.1em 0.3em; }
pre:focus-visible, .table-wrap:focus-visible { outline: 3px solid #fd0; outline-offset: 0; box-shadow: inset 0 0 0 2px #0b0c0c; }
pre { background: #f3f2f1; border-left: 4px solid #b1b4b6; padding: 1rem; overflow-x: auto; }
pre code { background: none; padding: 0; }
.table-wrap { overflow-x: auto; margin: 1rem 0 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: 700; padding-bottom: 0.5rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #b1b4b6; padding: 0.5rem 1rem 0.5rem 0; }
thead th { border-bottom-width: 2px; }
.note { border-left: 10px solid #1d70b8; background: #f3f2f1; padding: 0.75rem 1rem; }
.warning { border-left: 10px solid #d4351c; padding: 0.75rem 1rem; }
.tag { display: inline-block; padding: 0 0.4em; font-size: 0.8rem; font-weight: 700; text-transform: uppercase; background: #d2e2f1; color: #0b0c0c; }
.tag.post { background: #cce2d8; } .tag.patch { background: #fff7bf; } .tag.delete { background: #f6d7d2; }
.example-frame { width: 100%; min-height: 28rem; border: 2px solid #b1b4b6; }
details { margin: 0.5rem 0 1rem; } summary { cursor: pointer; color: #1d70b8; }
.site-footer { border-top: 1px solid #b1b4b6; padding: 1rem 1.5rem; font-size: 0.9rem; color: #484949; }
@media (max-width: 48rem) { .site-nav { flex-basis: 100%; } h1 { font-size: 1.8rem; } }
@media (prefers-reduced-motion: reduce) { * { scroll-behavior: auto !important; } }
`;
