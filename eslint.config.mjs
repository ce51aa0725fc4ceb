import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import comments from '@eslint-community/eslint-plugin-eslint-comments';

const noVscode = { name: 'vscode', message: 'vscode is imported only in src/extension.' };
const noNodePatterns = [
  { group: ['node:*'], message: 'Shared with the browser build: put Node-only work behind src/extension/platform/platform.ts.' },
  { group: ['**/node/**'], message: 'src/node is Node only: reach it through src/extension/platform/platform.ts (platformNode.ts).' },
];
/** Import patterns for the layers a layer must not reach. */
function layers(who, forbidden) {
  const globs = { extension: ['**/extension/**', '**/extension'], cli: ['**/cli/**'], node: ['**/node/**', '**/src/node/**'], webview: ['**/webview/**'] };
  return forbidden.map((layer) => ({ group: globs[layer], message: `${who} may not import from ${layer === 'node' ? 'src/node' : layer === 'webview' ? 'webview/' : `src/${layer}`}: the arrows point one way (README: Architecture).` }));
}

/** The desktop entry and what only it registers; everything else in src/extension is also bundled for the browser. */
const nodeOnlyExtensionFiles = ['src/extension/extension.ts', 'src/extension/platform/platformNode.ts', 'src/extension/commands/exportCommands.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-test/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // A wall that a comment can open is no wall: the layer rules below cannot be disabled inline,
    // nor reconfigured by an `/* eslint ... */` comment; an exception is a block in this file.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@eslint-community/eslint-comments': comments },
    rules: {
      '@eslint-community/eslint-comments/no-restricted-disable': ['error', 'no-restricted-imports', 'no-restricted-globals', '@eslint-community/eslint-comments/*'],
      '@eslint-community/eslint-comments/no-unlimited-disable': 'error',
      '@eslint-community/eslint-comments/no-use': ['error', { allow: ['eslint-disable-next-line', 'eslint-disable-line', 'eslint-disable', 'eslint-enable'] }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // The layers, enforced: core ← node ← cli, core ← extension, core ← webview; arrows never point back.
  // Each block lists everything its files may not import (a later block for the same file replaces
  // the rule, so each states the whole list).
  {
    files: ['src/core/**/*.ts', 'src/protocol.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [...noNodePatterns, ...layers('core', ['extension', 'cli', 'webview'])] }],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'setImmediate', '__dirname', '__filename'],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: ['node:*'], message: 'The webview runs in a browser frame: no Node.' }, ...layers('the webview', ['node', 'extension', 'cli'])] }],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'setImmediate', '__dirname', '__filename', 'require'],
    },
  },
  {
    // The webview's pure parts run in Node's unit tests: no DOM globals, and the DOM helpers and the
    // host channel (which calls acquireVsCodeApi on load) only as types; main.ts passes them in.
    files: ['webview/reducer.ts', 'webview/keymap.ts', 'webview/keyCommands.ts', 'webview/actions.ts', 'webview/state.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            { group: ['node:*'], message: 'The webview runs in a browser frame: no Node.' },
            ...layers('the webview', ['node', 'extension', 'cli']),
            { group: ['./host', './focus', './passage', './selection', './theme', './rowHeights', './main'], allowTypeImports: true, message: 'A pure webview part: the DOM and the host come in from main.ts.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'setImmediate', '__dirname', '__filename', 'require', 'window', 'document', 'navigator', 'requestAnimationFrame', 'setTimeout', 'acquireVsCodeApi'],
    },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: layers('src/node', ['extension', 'cli', 'webview']) }] },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: layers('the CLI', ['extension', 'webview']) }] },
  },
  {
    // The extension files both entry points share also run in the browser's web worker extension
    // host: no Node there (esbuild.mjs fails the browser build too). Node-only code goes behind
    // src/extension/platform/platform.ts.
    files: ['src/extension/**/*.ts'],
    ignores: nodeOnlyExtensionFiles,
    rules: {
      'no-restricted-imports': ['error', { patterns: [...noNodePatterns, ...layers('src/extension', ['cli', 'webview'])] }],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'setImmediate', '__dirname', '__filename'],
    },
  },
  {
    files: nodeOnlyExtensionFiles,
    rules: { 'no-restricted-imports': ['error', { patterns: layers('src/extension', ['cli', 'webview']) }] },
  },
  {
    // Feature-detects Node's setImmediate, absent in the browser's extension host.
    files: ['src/extension/breathe.ts'],
    rules: { 'no-restricted-globals': ['error', 'Buffer', 'process', '__dirname', '__filename'] },
  },
  {
    files: ['scripts/**/*.mjs', 'esbuild.mjs'],
    languageOptions: { globals: globals.node },
  },
);
