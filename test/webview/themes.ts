/**
 * The --vscode-* variables a webview receives, for the three theme kinds
 * (values of VS Code's Dark Modern, Light Modern and High Contrast themes),
 * so the panel can be checked the way it will really look.
 */
export type ThemeKind = 'dark' | 'light' | 'high-contrast';

const common = { 'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace' };

export const THEMES: Record<ThemeKind, { bodyClass: string; vars: Record<string, string> }> = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      ...common,
      foreground: '#cccccc', 'editor-background': '#1f1f1f', descriptionForeground: '#9d9d9d', 'sideBar-background': '#181818',
      'panel-border': '#2b2b2b', 'editorWidget-background': '#202020', 'widget-border': '#313131', focusBorder: '#0078d4',
      'dropdown-background': '#313131', 'dropdown-foreground': '#cccccc', 'dropdown-border': '#3c3c3c',
      'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c',
      'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1',
      'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc',
      'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-purple': '#b180d7', 'charts-orange': '#d18616',
      'charts-yellow': '#cca700', 'charts-red': '#f14c4c', 'charts-foreground': '#cccccc',
      'editorError-foreground': '#f14c4c', 'editorWarning-foreground': '#cca700', 'editorInfo-foreground': '#3794ff',
      'editorInfo-background': '#1f2a36', disabledForeground: '#6e6e6e', 'list-dropBackground': '#383b3d',
      'editorHoverWidget-background': '#202020', 'editorHoverWidget-border': '#454545', 'editorHoverWidget-foreground': '#cccccc',
      'menu-background': '#1f1f1f', 'menu-foreground': '#cccccc', 'menu-border': '#454545',
      'menu-selectionBackground': '#0078d4', 'menu-selectionForeground': '#ffffff',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      ...common,
      foreground: '#3b3b3b', 'editor-background': '#ffffff', descriptionForeground: '#3b3b3b', 'sideBar-background': '#f8f8f8',
      'panel-border': '#e5e5e5', 'editorWidget-background': '#f8f8f8', 'widget-border': '#e5e5e5', focusBorder: '#005fb8',
      'dropdown-background': '#ffffff', 'dropdown-foreground': '#3b3b3b', 'dropdown-border': '#cecece',
      'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece',
      'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8',
      'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b',
      'charts-blue': '#1a85ff', 'charts-green': '#388a34', 'charts-purple': '#652d90', 'charts-orange': '#d18616',
      'charts-yellow': '#bf8803', 'charts-red': '#e51400', 'charts-foreground': '#616161',
      'editorError-foreground': '#e51400', 'editorWarning-foreground': '#bf8803', 'editorInfo-foreground': '#1a85ff',
      'editorInfo-background': '#eaf3fb', disabledForeground: '#8b949e', 'list-dropBackground': '#d6ebff',
      'editorHoverWidget-background': '#f8f8f8', 'editorHoverWidget-border': '#c8c8c8', 'editorHoverWidget-foreground': '#3b3b3b',
      'menu-background': '#ffffff', 'menu-foreground': '#3b3b3b', 'menu-border': '#cecece',
      'menu-selectionBackground': '#005fb8', 'menu-selectionForeground': '#ffffff',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      ...common,
      foreground: '#ffffff', 'editor-background': '#000000', descriptionForeground: '#ffffff', 'sideBar-background': '#000000',
      'panel-border': '#6fc3df', 'editorWidget-background': '#0c141f', 'widget-border': '#6fc3df', focusBorder: '#f38518',
      contrastBorder: '#6fc3df', contrastActiveBorder: '#f38518',
      'dropdown-background': '#000000', 'dropdown-foreground': '#ffffff', 'dropdown-border': '#6fc3df',
      'input-background': '#000000', 'input-foreground': '#ffffff', 'input-border': '#6fc3df',
      'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df',
      'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff',
      'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-purple': '#b180d7', 'charts-orange': '#d18616',
      'charts-yellow': '#ffd700', 'charts-red': '#f48771', 'charts-foreground': '#ffffff',
      'editorError-foreground': '#f48771', 'editorWarning-foreground': '#ffd700', 'editorInfo-foreground': '#3794ff',
      disabledForeground: '#a5a5a5', 'editorHoverWidget-background': '#0c141f', 'editorHoverWidget-border': '#6fc3df',
      'menu-background': '#000000', 'menu-foreground': '#ffffff', 'menu-border': '#6fc3df',
      'menu-selectionBackground': '#000000', 'menu-selectionForeground': '#ffffff',
    },
  },
};

/** A `:root { --vscode-...: ... }` rule for a theme. */
export function themeCss(kind: ThemeKind): string {
  return `:root{${Object.entries(THEMES[kind].vars).map(([k, v]) => `--vscode-${k}:${v};`).join('')}}`;
}
