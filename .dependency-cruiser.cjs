// @ts-check
/**
 * The layering of the product, checked by dependency-cruiser (`npm run lint` runs it).
 *
 * Core's folders form one order, lowest first. A folder imports only folders before it in this
 * list (and the files at core's root, its foundation); folders in the same step do not import
 * each other. So there is no upward import and no folder cycle. A new folder goes into the list.
 */
const coreLayers = [
  ['diff', 'metrics'], // pure algorithms: text alignment and word diff; statistics
  ['labels'], // label events, logs, the one writer
  ['campaign'], // who labels what: assignment, gold, adjudication, progress
  ['adapters'], // record shapes (chat, hh, trl, Inspect samples, …) → the transcript schema
  ['input'], // bytes → lines → datasets; pairing two files by key; review manifests
  ['parquet'], // Parquet files as datasets
  ['runs'], // what a run is; pairing two runs
  ['inspect', 'traces'], // Inspect logs (.eval, .json) and agent traces (sessions, rollouts, OTLP, trajectories) read as runs
  ['open'], // the one plan that opens an input, over a platform's file access
  ['review'], // what the review shows: items prepared, summaries, keys, blind mode
  ['exports', 'report'], // what leaves the product: label exports, the calibration report
];

const alt = (names) => `(${names.join('|')})`;
const listed = coreLayers.flat();

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const layerRules = coreLayers.flatMap((step, i) => {
  const above = coreLayers.slice(i).flat();
  return step.map((folder) => ({
    name: `core-order-${folder}`,
    comment: `src/core/${folder} imports only folders before it in the order of .dependency-cruiser.cjs (${listed.join(' → ')}).`,
    severity: 'error',
    from: { path: `^src/core/${folder}/` },
    to: { path: `^src/core/${alt(above.filter((f) => f !== folder))}/` },
  }));
});

/** The product's layers: core ← node ← cli, core ← extension, core ← webview; arrows never point back. */
const productRules = [
  ['core', '^src/(core/|protocol\\.ts$)', '^(src/(extension|cli|node)|webview)/'],
  ['node', '^src/node/', '^(src/(extension|cli)|webview)/'],
  ['cli', '^src/cli/', '^(src/extension|webview)/'],
  ['webview', '^webview/', '^src/(extension|cli|node)/'],
  ['extension', '^src/extension/', '^(src/cli|webview)/'],
].map(([name, from, to]) => ({ name: `layer-${name}`, comment: `${name} may not import ${to}: the arrows point one way (docs/architecture.md).`, severity: 'error', from: { path: from }, to: { path: to } }));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'core-foundation',
      comment: "The files at src/core's root are the foundation (the transcript schema, diagnostics, small helpers): they import no core folder.",
      severity: 'error',
      from: { path: '^src/core/[^/]+\\.ts$' },
      to: { path: '^src/core/[^/]+/' },
    },
    {
      name: 'core-folder-unlisted',
      comment: 'Every folder of src/core has its place in the order of .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: `^src/core/(?!${alt(listed)}/)[^/]+/` },
      to: { path: '^src/core/' },
    },
    {
      name: 'no-module-cycle',
      comment: 'No file imports itself back through a chain of imports.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment: 'Folders do not import each other both ways, through any chain.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    ...productRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type from above is a dependency on above all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
