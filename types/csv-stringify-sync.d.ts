// What src/core uses of csv-stringify's synchronous API, typed without the Node typings its own
// declarations pull in (tsconfig.core.json and webview/tsconfig.json map the module here, so neither
// core nor the webview, which imports core, is type-checked with Node's types).
declare module 'csv-stringify/sync' {
  export interface Options {
    record_delimiter?: 'windows' | 'unix' | string;
    escape_formulas?: boolean;
    quoted_match?: RegExp | string | (RegExp | string)[];
    columns?: string[];
  }
  export function stringify(input: unknown[], options?: Options): string;
}
