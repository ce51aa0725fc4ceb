/**
 * In the Extension Development Host of the web workbench, `workbench.colorTheme` from the
 * user settings was not applied here; following the OS colour scheme is, so tests emulate the
 * scheme (and forced colours for high contrast) with playwright and let VS Code pick the theme.
 */
export const themeSettings = {
  'window.autoDetectColorScheme': true,
  'window.autoDetectHighContrast': true,
  'workbench.preferredDarkColorTheme': 'Default Dark Modern',
  'workbench.preferredLightColorTheme': 'Default Light Modern',
  'workbench.preferredHighContrastColorTheme': 'Default High Contrast',
};
