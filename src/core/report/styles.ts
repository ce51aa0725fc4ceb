/**
 * The report's stylesheet. Colours come from VS Code's theme variables when the page is shown
 * in a webview, and from the light/dark fallbacks below as a static file, so one page follows
 * both. Served in a nonce'd <style> (static page) or by the webview host under its own CSP.
 */
export const reportCss = `
:root {
  --tr-fg-fallback: #1f2328; --tr-bg-fallback: #ffffff; --tr-muted-fallback: #59636e; --tr-grid-fallback: #d1d9e0;
  --tr-better-fallback: #1a7f37; --tr-worse-fallback: #cf222e; --tr-unclear-fallback: #9a6700; --tr-accent-fallback: #0969da;
  --tr-panel-fallback: #f6f8fa;
}
@media (prefers-color-scheme: dark) {
  :root {
    --tr-fg-fallback: #e6edf3; --tr-bg-fallback: #0d1117; --tr-muted-fallback: #9198a1; --tr-grid-fallback: #30363d;
    --tr-better-fallback: #3fb950; --tr-worse-fallback: #f85149; --tr-unclear-fallback: #d29922; --tr-accent-fallback: #4493f8;
    --tr-panel-fallback: #151b23;
  }
}
:root {
  --tr-fg: var(--vscode-foreground, var(--tr-fg-fallback));
  --tr-bg: var(--vscode-editor-background, var(--tr-bg-fallback));
  --tr-muted: var(--vscode-descriptionForeground, var(--tr-muted-fallback));
  --tr-grid: var(--vscode-editorWidget-border, var(--tr-grid-fallback));
  --tr-better: var(--vscode-charts-green, var(--tr-better-fallback));
  --tr-worse: var(--vscode-charts-red, var(--tr-worse-fallback));
  --tr-unclear: var(--vscode-charts-yellow, var(--tr-unclear-fallback));
  --tr-accent: var(--vscode-charts-blue, var(--tr-accent-fallback));
  --tr-panel: var(--vscode-editorWidget-background, var(--tr-panel-fallback));
  color-scheme: light dark;
}
body {
  margin: 0; padding: 24px 32px 48px; background: var(--tr-bg); color: var(--tr-fg);
  font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
  font-size: var(--vscode-font-size, 14px); line-height: 1.45;
}
main { max-width: 1100px; }
h1 { font-size: 1.6em; margin: 0 0 4px; font-weight: 600; }
h2 { font-size: 1.25em; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--tr-grid); font-weight: 600; }
h3 { font-size: 1.05em; margin: 22px 0 6px; font-weight: 600; }
p, li { max-width: 80ch; }
.meta, .note { color: var(--tr-muted); }
.headline { font-size: 1.2em; margin: 16px 0; padding: 12px 16px; background: var(--tr-panel); border-left: 4px solid var(--tr-accent); }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--tr-grid); text-align: right; }
th { font-weight: 600; color: var(--tr-muted); }
th:first-child, td:first-child { text-align: left; }
.figures { display: flex; flex-wrap: wrap; gap: 16px 32px; align-items: flex-start; }
figure { margin: 0; }
figcaption { color: var(--tr-muted); font-size: 0.9em; max-width: 380px; }
pre { background: var(--tr-panel); padding: 12px; overflow: auto; max-height: 320px; font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: 0.85em; }
code { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); }
.verdict-better { color: var(--tr-better); } .verdict-worse { color: var(--tr-worse); } .verdict-unclear { color: var(--tr-unclear); }
svg.plot { overflow: visible; font-size: 11px; }
svg.plot text { fill: var(--tr-fg); }
svg.plot .tick, svg.plot .row-count, svg.plot .bar-count, svg.plot .axis-label { fill: var(--tr-muted); }
svg.plot .grid { stroke: var(--tr-grid); stroke-width: 1; }
svg.plot .reference { stroke: var(--tr-muted); stroke-dasharray: 4 3; stroke-width: 1; }
svg.plot .whisker { stroke: var(--tr-fg); stroke-width: 2; stroke-linecap: round; }
svg.plot .point { stroke: var(--tr-bg); stroke-width: 1.5; }
svg.plot .tone-better { fill: var(--tr-better); } svg.plot .tone-worse { fill: var(--tr-worse); }
svg.plot .tone-unclear { fill: var(--tr-unclear); } svg.plot .tone-neutral { fill: var(--tr-accent); }
svg.plot .bar { fill: var(--tr-accent); fill-opacity: 0.35; }
svg.plot .bar.tone-better { fill: var(--tr-better); fill-opacity: 0.75; } svg.plot .bar.tone-worse { fill: var(--tr-worse); fill-opacity: 0.75; }
svg.plot .curve { fill: none; stroke: var(--tr-accent); stroke-width: 2; }
svg.plot .row:hover text { fill: var(--tr-fg); font-weight: 600; }
`;
