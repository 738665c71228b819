/** The panel's snapshot types travel between host and webview; the core's view layer owns them. */
export {
  DEFAULT_OPTIONS,
  PANEL_STRATEGIES,
  type BlockGroup,
  type PanelBlock,
  type PanelColumn,
  type PanelDevice,
  type PanelGpu,
  type PanelMemory,
  type PanelOptions,
  type PanelSnapshot,
  type PanelStrategy,
  type PanelWarning,
  type WarningSeverity,
} from '../core/index';
