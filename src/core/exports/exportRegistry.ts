import type { ExportFormat, ExportOptions, ItemExporter } from './exportFormat';
import { csvExporter } from './exportCsv';
import { inspectExporter } from './exportInspect';
import { labelsExporter } from './exportLabels';
import { mergedExporter } from './exportMerged';
import { traitsExporter } from './exportTraits';
import { trlExporter } from './exportTrl';
import { stepsExporter } from './exportSteps';

/** The exporter for a format; the palette command and the CLI both start here. */
export function createExporter(format: ExportFormat, options: ExportOptions = {}): ItemExporter {
  switch (format) {
    case 'labels':
      return labelsExporter();
    case 'csv':
      return csvExporter();
    case 'trl':
      return trlExporter(options);
    case 'traits':
      return traitsExporter(options);
    case 'merged':
      return mergedExporter();
    case 'inspect':
      return inspectExporter(options);
    case 'steps':
      return stepsExporter();
  }
}
