const MONO =
  'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "Noto Sans Mono CJK SC", ' +
  '"PingFang SC", "Microsoft YaHei", monospace';
const SANS =
  '"Scalpel Sans SC", system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", ' +
  '"Hiragino Sans GB", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

/**
 * The /docs stylesheet: system fonts, plus the service's own CJK font for Chinese (served with the web
 * app, so the page works offline and on machines without CJK fonts), a sticky contents column on
 * wide screens, one column on phones, and wide tables and code scrolling sideways instead of the page.
 */
export const DOCS_CSS = `
@font-face { font-family: "Scalpel Sans SC"; src: url("/app/font.woff2") format("woff2");
  unicode-range: U+3000-303F, U+3400-4DBF, U+4E00-9FFF, U+FF00-FFEF; font-display: swap; }
:root { --fg: #1c1e22; --muted: #5d6470; --bg: #fff; --soft: #f6f7f9; --line: #e4e6ea; --accent: #2f55d4;
  --code: #f1f2f5; --get: #0d7a4b; --post: #2852c8; --delete: #bf3a2f; --warn: #a8500f; color-scheme: light dark; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e5e7eb; --muted: #9aa1ad; --bg: #14161a; --soft: #1b1e23; --line: #2b2f37; --accent: #8fa9ff;
    --code: #20242b; --get: #3fb97f; --post: #6f8fff; --delete: #f0776c; --warn: #e69a5c; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; scroll-padding-top: 1rem; }
body { margin: 0; font: 16px/1.6 ${SANS}; color: var(--fg); background: var(--bg); }
.page { display: grid; grid-template-columns: 17rem minmax(0, 1fr); max-width: 82rem; margin: 0 auto; }
.toc { position: sticky; top: 0; height: 100vh; overflow-y: auto; padding: 1.75rem 1rem 2rem 1.5rem;
  border-right: 1px solid var(--line); font-size: 0.85rem; }
.toc ul { list-style: none; margin: 0; padding: 0; }
.toc > ul > li { margin-bottom: 0.35rem; }
.toc > ul > li > a { font-weight: 600; }
.toc ul ul { margin: 0.2rem 0 0.6rem; }
.toc a { display: block; padding: 0.12rem 0; color: var(--fg); text-decoration: none; }
.toc ul ul a { color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.toc a:hover { color: var(--accent); }
.toc .method { margin-right: 0.35em; }
.brand { font-size: 1.15rem; font-weight: 700; margin: 0 0 1.25rem; }
.brand a { display: inline; color: var(--fg); }
.brand span { font-size: 0.8rem; font-weight: 400; color: var(--muted); }
main { padding: 2.5rem 3rem 5rem; max-width: 54rem; min-width: 0; }
h1 { font-size: 2.1rem; line-height: 1.2; margin: 0 0 1rem; letter-spacing: -0.01em; }
h2 { font-size: 1.55rem; line-height: 1.3; margin: 3.5rem 0 0.25rem; padding-top: 2rem; border-top: 1px solid var(--line); }
h2.sub { font-size: 1.15rem; margin: 2rem 0 0.5rem; padding: 0; border: 0; }
h3 { font-size: 1.2rem; line-height: 1.35; margin: 0 0 0.35rem; }
h4 { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted);
  margin: 1.5rem 0 0.4rem; }
p { margin: 0.5rem 0 0.8rem; }
a { color: var(--accent); text-underline-offset: 0.15em; }
.lede { color: var(--muted); margin: 0 0 0.5rem; }
.op, .schema { padding: 2rem 0; border-top: 1px solid var(--line); }
.op:first-of-type, .schema:first-of-type { border-top: 0; }
code { font-family: ${MONO}; font-size: 0.86em; background: var(--code); padding: 0.1em 0.3em;
  border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 0.9rem 1rem;
  margin: 0.5rem 0 1rem; overflow-x: auto; font-size: 0.82rem; line-height: 1.55; }
pre code { background: none; padding: 0; font-size: inherit; white-space: pre; overflow-wrap: normal; }
.route { margin: 0 0 1rem; }
.route code { background: none; padding: 0; font-size: 0.95rem; }
.method { display: inline-block; min-width: 4.6em; padding: 0 0.35em; border-radius: 4px; text-align: center;
  font: 600 0.68rem/1.7 ${MONO}; letter-spacing: 0.03em; color: #fff; background: var(--get);
  vertical-align: 0.12em; }
.method.post { background: var(--post); }
.method.delete { background: var(--delete); }
.open { font-size: 0.7rem; font-weight: 600; color: var(--get); border: 1px solid currentColor;
  border-radius: 999px; padding: 0.05em 0.55em; vertical-align: 0.2em; white-space: nowrap; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.86rem; line-height: 1.5; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem 0.9rem 0.5rem 0; border-bottom: 1px solid var(--line); }
th { font-size: 0.72rem; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
td:first-child { white-space: nowrap; }
td:last-child { padding-right: 0; }
.req { display: block; font-size: 0.72rem; color: var(--warn); }
.status { font: 600 0.86rem ${MONO}; }
.s2 { color: var(--get); } .s4 { color: var(--warn); } .s5 { color: var(--delete); }
.ctype { text-transform: none; letter-spacing: 0; font-weight: 400; font-family: ${MONO}; }
td .ctype { display: block; font-size: 0.75rem; color: var(--muted); }
@media (max-width: 60rem) {
  .page { display: block; }
  .toc { position: static; height: auto; padding: 1rem 1.25rem; border-right: 0; border-bottom: 1px solid var(--line); }
  .toc ul ul { display: none; }
  .toc > ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
  .toc > ul > li { margin: 0; }
  .brand { margin-bottom: 0.5rem; }
  main { padding: 1.5rem 1.25rem 4rem; }
  h1 { font-size: 1.7rem; }
  h2 { margin-top: 2.5rem; padding-top: 1.5rem; }
  td:first-child { white-space: normal; }
}
`;
