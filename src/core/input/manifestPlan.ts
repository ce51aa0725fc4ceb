import { manifestLabelsConflict, parseManifest, type Manifest } from './manifest';
import { defaultSideNames } from './sideNames';
import type { FormatName } from '../adapters/types';
import type { Diagnostic } from '../diagnostic';

/** How a platform names files: paths on the desktop, URIs in the browser. */
export interface PlanPaths<F> {
  /** A path the manifest gives (relative to it, or absolute) as a file. */
  resolve(path: string): F;
  /** What a file is called in messages and `labelsDir`. */
  name(file: F): string;
  /** Base name and parent folder name, for the default side names. */
  parts(file: F): { base: string; parent: string };
  /** The manifest's default labels folder (`NAME.labels`). */
  defaultLabelsDir: string;
  /** What a named file or folder is compared by (its real path on the desktop); default: the name. */
  identity?(name: string): string;
  /** Compare names case-insensitively (Windows, macOS). */
  foldCase?: boolean;
}

/** What to open for a manifest: nothing (it has errors), one dataset file, or two runs to pair. */
export type ManifestPlan<F> =
  | { kind: 'none'; labelsDir: string; diagnostics: Diagnostic[]; manifest?: undefined }
  | { kind: 'dataset'; file: F; labelsDir: string; manifest: Manifest; diagnostics: Diagnostic[]; format?: FormatName }
  | { kind: 'pair'; baseline: F; trained: F; key: string | null; names: [string, string]; labelsDir: string; manifest: Manifest; diagnostics: Diagnostic[]; format?: FormatName };

/**
 * The one reading of a `.review.json` manifest, for the desktop and the browser alike: the labels
 * folder (its `labels`, else `NAME.labels/`), the refusal of a labels folder that holds the inputs,
 * the join key (default `id`), the side names (default: the files' base names) and the format.
 * `overrides` are the CLI's flags.
 */
export function planManifest<F>(
  text: string,
  manifestName: string,
  paths: PlanPaths<F>,
  overrides: { format?: FormatName; key?: string | null; names?: readonly [string, string] } = {},
): ManifestPlan<F> {
  const { manifest, diagnostics } = parseManifest(text, manifestName);
  const labelsDir = manifest?.labels ? paths.name(paths.resolve(manifest.labels)) : paths.defaultLabelsDir;
  if (!manifest) return { kind: 'none', labelsDir, diagnostics };
  const identity = paths.identity ?? ((name: string) => name);
  const conflict = manifestLabelsConflict(text, manifestName, manifest, identity(labelsDir), (f) => identity(paths.name(paths.resolve(f))), paths.foldCase);
  // Refused whole: no items, and labels read from the manifest's own default folder, never from among the runs.
  if (conflict) return { kind: 'none', labelsDir: paths.defaultLabelsDir, diagnostics: [...diagnostics, conflict] };
  const format = overrides.format ?? manifest.format;
  if (manifest.dataset !== undefined) return { kind: 'dataset', file: paths.resolve(manifest.dataset), labelsDir, manifest, diagnostics, format };
  const [a, b] = [manifest.baseline!, manifest.trained!];
  const [fa, fb] = [paths.resolve(a.file), paths.resolve(b.file)];
  const fallback = defaultSideNames(paths.parts(fa), paths.parts(fb));
  const names: [string, string] = overrides.names ? [overrides.names[0], overrides.names[1]] : [a.name ?? fallback[0], b.name ?? fallback[1]];
  const key = overrides.key !== undefined ? overrides.key : manifest.key === undefined ? 'id' : manifest.key;
  return { kind: 'pair', baseline: fa, trained: fb, key, names, labelsDir, manifest, diagnostics, format };
}
