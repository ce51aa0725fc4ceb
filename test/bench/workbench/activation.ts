import type { Workbench } from '../../e2e/workbench';

/**
 * The extension's activation time as the workbench measured it: the Running Extensions view
 * ("Developer: Show Running Extensions") shows code loading plus the `activate` call per extension.
 */
export async function activationMs(wb: Workbench): Promise<{ ms: number; source: string }> {
  const { page } = wb;
  await wb.runCommand('Developer: Show Running Extensions');
  // The row is named by the extension's name (`transcript-review`); it says "Activating…" until done.
  const time = page.locator('.runtime-extensions-editor .monaco-list-row[aria-label="transcript-review"] .activation-time');
  await page.waitForFunction((el) => /\d+\s*ms/.test(el?.textContent ?? ''), await time.elementHandle({ timeout: 30_000 }), { timeout: 30_000 });
  const text = (await time.textContent()) ?? '';
  const ms = Number(text.match(/(\d+)\s*ms/)?.[1]);
  if (!Number.isFinite(ms)) throw new Error(`no activation time in "${text}"`);
  return { ms, source: `Running Extensions: "${text.trim()}"` };
}
