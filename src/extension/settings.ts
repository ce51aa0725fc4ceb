import * as vscode from 'vscode';
import { defaultTaxonomy, taxonomySchema, type Taxonomy } from '../core/taxonomy';
import { describeSchemaError } from '../core/schemaMessage';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('transcriptReview');
}

/** The taxonomy from the setting `transcriptReview.taxonomy`, else the built-in default. An invalid one is reported and ignored. */
export function configuredTaxonomy(report: (message: string) => void): Taxonomy {
  const raw = config().get<unknown>('taxonomy');
  if (raw === undefined || raw === null || (typeof raw === 'object' && Object.keys(raw).length === 0)) return defaultTaxonomy;
  const parsed = taxonomySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  report(vscode.l10n.t('The setting transcriptReview.taxonomy is invalid ({0}); using the default taxonomy.', describeSchemaError(parsed.error, 'taxonomy')));
  return defaultTaxonomy;
}

export function defaultSeverity(): string {
  return config().get<string>('defaultSeverity', 'major');
}

export function blindSeed(): number {
  return config().get<number>('blindSeed', 1);
}
