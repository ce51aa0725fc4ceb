import type { BenchSection } from '../registry';
import { openSection } from './open';
import { validateSection } from './validate';
import { naiveSection } from './naive';
import { diffSection } from './diff';
import { reviewSection } from './review';
import { labelsSection } from './labels';
import { renderSection } from './render';
import { formatsSection } from './formats';

/** Every section, in run order. Add a section: one file here, one line below. */
export const sections: readonly BenchSection[] = [openSection, validateSection, naiveSection, reviewSection, diffSection, labelsSection, renderSection, formatsSection];
