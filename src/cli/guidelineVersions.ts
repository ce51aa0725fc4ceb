import type { AnnotatorItemLabels } from '../core/labels/humanLabels';
import { unversioned } from '../core/report/guidelineVersions';

/** `check`: the guideline versions of the labels read, and a warning when a campaign's labels mix them. */
export class GuidelineVersions {
  private readonly counts = new Map<string, number>();

  add(labels: readonly AnnotatorItemLabels[]): void {
    for (const a of labels) {
      let version: string | undefined;
      for (const e of a.labels) if (e.guidelines !== undefined) version = e.guidelines;
      if (a.labels.length === 0) continue;
      const v = version ?? unversioned;
      this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
    }
  }

  /** The warning, or undefined when every label was made under one version. */
  describe(): string | undefined {
    if (this.counts.size < 2) return undefined;
    const list = [...this.counts].sort(([a], [b]) => a.localeCompare(b)).map(([v, n]) => `${v} (${n} item labels)`).join(', ');
    return `labels mix ${this.counts.size} guideline versions: ${list}; the report splits agreement and calibration by version`;
  }
}
