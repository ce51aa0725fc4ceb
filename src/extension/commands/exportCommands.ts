import * as vscode from 'vscode';
import { basename } from 'node:path';
import { exportFormats, type ExportFormat } from '../../core/exports/exportFormat';
import { renderReportPage } from '../../core/report/html';
import { showItemsCommand } from '../../core/report/rowFilter';
import { openInput } from '../../node/input';
import { withLabels } from '../../node/labeledInput';
import { runExport } from '../../node/exportRun';
import { runReport } from '../../node/reportRun';
import type { EditorRegistry } from '../editor/editorRegistry';
import { activeFileUri } from './commands';
import { pickOne } from '../quickInput';

const formatInfo: Record<ExportFormat, { detail: string; ext: string }> = {
  labels: { detail: vscode.l10n.t('The folded labels, one JSON line per item and annotator'), ext: 'labels.jsonl' },
  csv: { detail: vscode.l10n.t('Spans and verdicts, one row each, for spreadsheets'), ext: 'csv' },
  trl: { detail: vscode.l10n.t('Preference pairs in TRL’s conversational format (majority; ties and both-bad dropped)'), ext: 'trl.jsonl' },
  traits: { detail: vscode.l10n.t('Per-trait classification rows {prompt, response, side, trait, label, spans}'), ext: 'traits.jsonl' },
  merged: { detail: vscode.l10n.t('The input items with a human_labels field added (a new file)'), ext: 'merged.jsonl' },
  inspect: { detail: vscode.l10n.t('Score records for Inspect’s precomputed_scores() (inspect score), one per sample and side'), ext: 'scores.jsonl' },
  steps: { detail: vscode.l10n.t('Process-reward rows: one per step (message or tool call) with the human verdicts, flags and spans on it'), ext: 'steps.jsonl' },
};

/** The input to export or report on: the command's argument, else the active review editor's file. */
function inputUri(registry: EditorRegistry, uri?: vscode.Uri): vscode.Uri | undefined {
  return uri instanceof vscode.Uri ? uri : (registry.active?.document.uri ?? activeFileUri());
}

async function labeledInput(path: string) {
  const input = await openInput(path);
  try {
    return { path, ...(await withLabels(input)) };
  } catch (err) {
    await input.close();
    throw err;
  }
}

/** "Export Labels…": pick a format and a file; the same streaming export as the CLI's `export`. */
export async function exportLabels(registry: EditorRegistry, uri?: vscode.Uri, preset?: { format: ExportFormat; out: vscode.Uri }): Promise<vscode.Uri | undefined> {
  const input = inputUri(registry, uri);
  if (!input) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a transcript in the review editor first.'));
    return undefined;
  }
  const format =
    preset?.format ??
    (await pickOne(
      exportFormats.map((f) => ({ label: f, detail: formatInfo[f].detail, format: f })),
      { title: vscode.l10n.t('Export labels as') },
    ))?.format;
  if (!format) return undefined;
  const stem = basename(input.fsPath).replace(/(\.review\.json|\.jsonl)$/i, '');
  const out =
    preset?.out ??
    (await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export {0} labels to', format),
      defaultUri: vscode.Uri.joinPath(input, '..', `${stem}.${formatInfo[format].ext}`),
    }));
  if (!out) return undefined;
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting {0}…', format) }, async () => {
      const li = await labeledInput(input.fsPath);
      try {
        return await runExport(li, { format, out: out.fsPath });
      } finally {
        await li.input.close();
      }
    });
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const parts = [vscode.l10n.t('Exported {0} to {1}.', format, basename(out.fsPath)), result.summary, errors ? vscode.l10n.t('{0} input lines had errors and were skipped (see Problems).', errors) : undefined];
    if (!preset) {
      void vscode.window.showInformationMessage(parts.filter(Boolean).join(' '), vscode.l10n.t('Open')).then((choice) => {
        if (choice) void vscode.commands.executeCommand('vscode.open', out);
      });
    }
    return out;
  } catch (err) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Export failed: {0}', err instanceof Error ? err.message : String(err)));
    return undefined;
  }
}

/** "Calibration Report": the comparison summary and calibration report in a webview (no script). */
export async function calibrationReport(registry: EditorRegistry, uri?: vscode.Uri): Promise<vscode.WebviewPanel | undefined> {
  const input = inputUri(registry, uri);
  if (!input) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a transcript in the review editor first.'));
    return undefined;
  }
  try {
    const { report } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Building the calibration report…') }, async () => {
      const li = await labeledInput(input.fsPath);
      try {
        return await runReport(li);
      } finally {
        await li.input.close();
      }
    });
    const panel = vscode.window.createWebviewPanel('transcriptReview.report', vscode.l10n.t('Report: {0}', basename(input.fsPath)), vscode.ViewColumn.Active, {
      enableScripts: false,
      // Its row links (benchmark, domain, split, trait) filter the item list; no other command can run.
      enableCommandUris: [showItemsCommand],
      localResourceRoots: [],
    });
    // The page carries its own strict CSP (`default-src 'none'`, one stylesheet by nonce) and no script.
    panel.webview.html = renderReportPage(report, { links: true });
    return panel;
  } catch (err) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The report failed: {0}', err instanceof Error ? err.message : String(err)));
    return undefined;
  }
}
