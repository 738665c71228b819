/** The panel's own words in VS Code's display language: the whole table translated once per page (one record, no round trips). */
import * as vscode from 'vscode';
import { PANEL_TEXT, type PanelText, type PanelTextKey } from '../../protocol/panelText';

export function localPanelText(): PanelText {
  const out = {} as Record<PanelTextKey, string>;
  // Each English text is its own l10n key (l10n/bundle.l10n.*.json); an untranslated one stays English.
  for (const [key, english] of Object.entries(PANEL_TEXT) as [PanelTextKey, string][]) out[key] = vscode.l10n.t(english);
  return out;
}
