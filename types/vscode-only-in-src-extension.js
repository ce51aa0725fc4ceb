// Deliberately without declarations. The layer tsconfigs outside src/extension (core, the CLI and
// src/node, the webview) map the module `vscode` to this file, so importing it there fails the
// type check with TS7016 naming this path, instead of resolving @types/vscode.
