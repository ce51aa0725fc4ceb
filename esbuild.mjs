// One build for the bundles: extension host for the desktop (node/cjs) and for the browser
// (web worker/cjs), CLI (node), webview (browser iife), integration tests; and the unit tests'
// bundles, which the test runner builds (`unitTestTarget`).
import * as esbuild from 'esbuild';
import { mkdirSync, copyFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

const nodeBuiltins = new RegExp(`^(node:.*|${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);

/**
 * Fails the browser build on any Node built-in (`node:fs`, `path`, …), naming the importer.
 * esbuild alone already errors on `node:` imports for platform `browser`, but a bare `fs` can be
 * mapped away silently by a package's `browser` field; Node-only code goes behind `Platform`.
 * @type {esbuild.Plugin}
 */
export const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    const root = build.initialOptions.absWorkingDir ?? process.cwd();
    build.onResolve({ filter: nodeBuiltins }, (args) => ({
      errors: [{ text: `"${args.path}" is a Node built-in, imported by ${relative(root, args.importer)}: the browser extension cannot use it (put Node-only code behind src/extension/platform/platform.ts)` }],
    }));
  },
};

/**
 * The web extension (package.json `browser`): runs in the workbench's web worker extension
 * host, where `vscode` is the only module there is.
 * @type {esbuild.BuildOptions}
 */
export const webExtensionTarget = {
  ...common,
  entryPoints: { extension: 'src/extension/extensionWeb.ts' },
  outdir: 'dist/web',
  platform: 'browser',
  format: 'cjs',
  target: 'es2022',
  external: ['vscode'],
  plugins: [noNodeBuiltins],
};

/**
 * The CLI (package.json `bin`). ES modules among its dependencies (tinyglobby's fdir) call
 * `createRequire(import.meta.url)`, which a CommonJS bundle has no value for: it is the bundle's
 * own URL, injected (scripts/importMetaUrl.mjs; a banner statement would come before "use strict").
 * @type {esbuild.BuildOptions}
 */
export const cliTarget = {
  ...common,
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { 'import.meta.url': 'importMetaUrl' },
  inject: ['scripts/importMetaUrl.mjs'],
  banner: { js: '#!/usr/bin/env node' },
};

/**
 * Each of the repository's own TypeScript modules keeps its source location in a bundle:
 * `__dirname` and `__filename` are declared as the module's own path (bindings, so a string that
 * mentions them is left alone; on the first line, so that the source map's lines stay true) and
 * `import.meta.{url,dirname,filename}` written in as it, as when the module runs from source; a test
 * then finds its fixtures, samples and sibling scripts wherever its bundle is written. Packages are
 * left alone (`define` gives their `import.meta.url`).
 * @type {esbuild.Plugin}
 */
export const sourceLocation = {
  name: 'source-location',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const at = JSON.stringify(args.path);
      const dir = JSON.stringify(dirname(args.path));
      const source = readFileSync(args.path, 'utf8')
        .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
        .replace(/\bimport\.meta\.dirname\b/g, dir)
        .replace(/\bimport\.meta\.filename\b/g, at);
      return { contents: `var __dirname = ${dir}, __filename = ${at}; ${source}`, loader: 'ts' };
    });
  },
};

/**
 * The unit test files as one CommonJS bundle each (`test/unit/x.test.ts` → `outdir/x.test.js`), for
 * `npm test`: a bundle starts in a fraction of the CPU that tsx takes to compile a test file and its
 * imports in every test file's process (scripts/test.mjs). The tools some tests drive (the linters,
 * esbuild, tsx, a browser, DuckDB) stay packages of their own.
 * @param {string[]} entryPoints
 * @param {string} outdir
 * @returns {esbuild.BuildOptions}
 */
export function unitTestTarget(entryPoints, outdir) {
  return {
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Failures name the TypeScript line (the runner passes --enable-source-maps); the sources are on disk.
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    external: ['dependency-cruiser', 'eslint', 'typescript', 'typescript-eslint', 'esbuild', 'tsx', 'playwright-core', '@duckdb/*', '@vscode/*', 'mocha'],
    define: { 'import.meta.url': 'importMetaUrl' },
    inject: ['scripts/importMetaUrl.mjs'],
    plugins: [sourceLocation],
  };
}

/** @type {esbuild.BuildOptions[]} */
const targets = [
  webExtensionTarget,
  {
    ...common,
    // The scan worker is its own file (worker threads load a file): the extension and the CLI start it from dist/.
    entryPoints: { extension: 'src/extension/extension.ts', scanWorker: 'src/node/scan/scanWorker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // jsonc-parser's UMD `main` requires its parts at run time, which a bundle does not ship: take its ES modules.
    mainFields: ['module', 'main'],
  },
  cliTarget,
  {
    ...common,
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    // The integration suite runs inside the real extension host; `vscode` comes from the host.
    ...common,
    sourcemap: 'inline',
    minify: false,
    // index.js finds the test files next to itself: one bundle per *.test.ts.
    entryPoints: ['test/integration/index.ts', 'test/integration/*.test.ts'],
    outbase: 'test',
    outdir: 'dist-test',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  },
];

function copyStatic() {
  mkdirSync('dist', { recursive: true });
  copyFileSync('node_modules/@vscode/codicons/dist/codicon.css', 'dist/codicon.css');
  copyFileSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/codicon.ttf');
}

// Imported by the unit test of the web bundle for its options; built only when run.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  copyStatic();
  // A production build (`npm run package`) writes no source maps: remove a development build's.
  if (production) {
    for (const dir of ['dist', 'dist/web']) {
      if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith('.map')) rmSync(`${dir}/${f}`);
    }
  }
  if (watch) {
    for (const t of targets) {
      const ctx = await esbuild.context(t);
      await ctx.watch();
    }
  } else {
    await Promise.all(targets.map((t) => esbuild.build(t)));
  }
}
