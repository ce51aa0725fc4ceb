// Injected into the CLI bundle (esbuild.mjs, `cliTarget`): the value of `import.meta.url` in ES
// modules bundled as CommonJS, which esbuild would otherwise leave empty.
import { pathToFileURL } from 'node:url';

export const importMetaUrl = pathToFileURL(__filename).href;
