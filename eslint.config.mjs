import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noVscode = { name: 'vscode', message: 'vscode is imported only in src/extension.' };
const noNodePatterns = [
  { group: ['node:*'], message: 'Shared with the browser build: put Node-only work behind src/extension/platform.ts.' },
  { group: ['**/node/*'], message: 'src/node is Node only: reach it through src/extension/platform.ts (platformNode.ts).' },
];
/** The desktop entry and what only it registers; everything else in src/extension is also bundled for the browser. */
const nodeOnlyExtensionFiles = ['src/extension/extension.ts', 'src/extension/platformNode.ts', 'src/extension/exportCommands.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-test/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/node/**/*.ts', 'webview/**/*.ts', 'src/protocol.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode] }],
    },
  },
  {
    // Core and the extension files both entry points share also run in the browser's web worker
    // extension host: no Node there (esbuild.mjs fails the browser build too). Node-only code
    // goes behind src/extension/platform.ts.
    files: ['src/core/**/*.ts', 'src/protocol.ts', 'src/extension/**/*.ts'],
    ignores: nodeOnlyExtensionFiles,
    rules: {
      'no-restricted-imports': ['error', { patterns: noNodePatterns }],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'setImmediate', '__dirname', '__filename'],
    },
  },
  {
    // Restated for core because the block above replaces the earlier one's options.
    files: ['src/core/**/*.ts', 'src/protocol.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: noNodePatterns }] },
  },
  {
    files: ['scripts/**/*.mjs', 'esbuild.mjs'],
    languageOptions: { globals: globals.node },
  },
);
