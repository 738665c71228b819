/**
 * The layout panel's entry for `activate`: the `deviceMapStudio.openLayout`
 * command (palette, CodeLens with `[mapIndex]`, editor title button) and the
 * serializer that brings the panel back after a reload. One panel at a time:
 * opening it again rebinds it.
 *
 *   registerLayoutPanel(context, () => createPanelDeps({ lookupModel, onModelsResolved, readSetup, saveGpus }))
 *
 * The deps and the session are made on first use (a command, a restored panel), not at activation:
 * they are the engine's, which the desktop build loads on first use.
 */
import * as vscode from 'vscode';
import type { PanelOptions } from '../../protocol/snapshot';
import type { PanelDeps } from '../../core/index';
import { LayoutPanel, VIEW_TYPE, type Binding } from './layoutPanel';
import { PanelSession } from '../../core/index';
import { editorTarget } from './target';
import { PanelDraws, type PanelWorker } from './panelDraws';

export { createPanelDeps, type PanelDeps, type EstimateRequest } from '../../core/index';
export { VIEW_TYPE } from './layoutPanel';
export const OPEN_LAYOUT = 'deviceMapStudio.openLayout';

/** What the webview saved with `setState` (see src/webview/host.ts), as far as the host reads it. */
interface RestoredState {
  readonly snapshot?: { readonly uri?: string; readonly mapIndex?: number; readonly options?: PanelOptions };
  readonly followCursor?: boolean;
}

/** `off`: the analysis worker and the editor's facts, so the panel's engine work runs off the extension host. */
export function registerLayoutPanel(context: vscode.ExtensionContext, makeDeps: () => PanelDeps, off: PanelWorker): vscode.Disposable {
  let current: LayoutPanel | undefined;
  let made: { deps: PanelDeps; session: PanelSession; draws: PanelDraws } | undefined;
  const once = (): { deps: PanelDeps; session: PanelSession; draws: PanelDraws } => {
    if (made) return made;
    const deps = makeDeps();
    const session = new PanelSession(deps);
    return (made = { deps, session, draws: new PanelDraws(session, deps, off) });
  };

  const adopt = (panel: LayoutPanel): LayoutPanel => {
    current = panel;
    panel.onDidClose(() => {
      if (current === panel) current = undefined;
    });
    return panel;
  };

  /** The binding for a command call: explicit args, else the map under the cursor, else the first map. */
  const bindingFor = async (mapIndex?: unknown, uri?: unknown): Promise<Binding | undefined> => {
    const editor = vscode.window.activeTextEditor;
    // A notebook cell's editor stands for its notebook: the panel draws the notebook's program.
    const shown = editor ? editorTarget(editor.document, editor.document.offsetAt(editor.selection.active)) : undefined;
    const target = uri instanceof vscode.Uri ? uri : typeof uri === 'string' ? vscode.Uri.parse(uri) : (shown?.uri ?? editor?.document.uri);
    if (!target) return undefined;
    if (typeof mapIndex === 'number' && Number.isInteger(mapIndex) && mapIndex >= 0) return { uri: target, mapIndex };
    if (shown && shown.uri.toString() === target.toString()) {
      const { session, draws } = once();
      const at = await draws.withFacts(shown.target.doc, () => session.mapAt(shown.target.doc, shown.offset));
      return { uri: target, mapIndex: at ?? 0 };
    }
    return { uri: target, mapIndex: 0 };
  };

  const open = vscode.commands.registerCommand(OPEN_LAYOUT, async (mapIndex?: unknown, uri?: unknown) => {
    const binding = await bindingFor(mapIndex, uri);
    if (!binding) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a Python or JSON file with a device_map first.'));
      return;
    }
    if (current) {
      current.bind(binding);
      current.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      vscode.l10n.t('Layout'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true },
    );
    adopt(new LayoutPanel(panel, context.extensionUri, once().deps, binding, off));
  });

  const serializer = vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      const s = (state ?? {}) as RestoredState;
      const uri = s.snapshot?.uri ? vscode.Uri.parse(s.snapshot.uri) : vscode.window.activeTextEditor?.document.uri;
      if (!uri) {
        panel.dispose();
        return;
      }
      current?.dispose();
      adopt(
        new LayoutPanel(panel, context.extensionUri, once().deps, { uri, mapIndex: s.snapshot?.mapIndex ?? 0 }, off, {
          ...(s.followCursor !== undefined ? { follow: s.followCursor } : {}),
          ...(s.snapshot?.options ? { options: s.snapshot.options } : {}),
        }),
      );
    },
  });

  const all = vscode.Disposable.from(open, serializer, { dispose: () => current?.dispose() });
  context.subscriptions.push(all);
  return all;
}
