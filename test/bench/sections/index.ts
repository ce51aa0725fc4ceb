import type { BenchSection } from '../registry';
import { openSection } from './open';
import { validateSection } from './validate';
import { naiveSection } from './naive';
import { diffSection } from './diff';
import { reviewSection } from './review';
import { labelsSection } from './labels';
import { renderSection } from './render';
import { formatsSection } from './formats';
import { itemListSection } from './itemList';
import { exportSection } from './exportMerged';
import { tracesSection } from './traces';
import { agentSwitchSection } from './agentSwitch';

/** Every section, in run order. Add a section: one file here, one line below. */
export const sections: readonly BenchSection[] = [openSection, validateSection, itemListSection, naiveSection, reviewSection, diffSection, labelsSection, exportSection, renderSection, agentSwitchSection, formatsSection, tracesSection];
