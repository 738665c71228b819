/**
 * "Device Map Studio: New Setup…": the guided flow (flow.ts) on quick inputs,
 * then the core's files written in one edit and opened beside the layout panel.
 */
import * as vscode from 'vscode';
import { log } from '../log';
import { readSettings } from '../settings';
import { studioSetupCore } from './setupCore';
import { runSetupFlow } from './flow';
import { QuickInputDriver } from './quickInputDriver';
import { setupServices, type SetupHost } from './setupServices';
import { openWritten, writeSetup } from './writeSetup';
import { useSetupTranslator } from './setupL10n';

export const NEW_SETUP = 'deviceMapStudio.newSetup';

async function newSetup(host: SetupHost): Promise<void> {
  const driver = new QuickInputDriver();
  let result;
  try {
    result = await runSetupFlow(driver, setupServices(host));
  } catch (err) {
    // Bad input must never take the extension host down: say it, write nothing.
    log().error(`New Setup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t('New Setup stopped: {0}. Nothing was written.', err instanceof Error ? err.message : String(err)),
    );
    return;
  } finally {
    driver.dispose();
  }
  if (result.kind === 'cancelled') return;
  const uris = await writeSetup(result.answers.output.dir, result.files);
  if (!uris) return;
  await openWritten(result.files, uris);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('New Setup wrote {0}. {1}', result.files.map((f) => f.path).join(', '), result.summary),
  );
}

export function registerNewSetup(host: SetupHost): vscode.Disposable {
  // The flow's words (tested without VS Code) in the display language.
  useSetupTranslator(vscode.l10n.t.bind(vscode.l10n));
  return vscode.commands.registerCommand(NEW_SETUP, () => newSetup(host));
}

/** The command for an entry (`main.ts`, `web.ts`): the core bound to the machine the settings describe. */
export function registerNewSetupFor(
  models: SetupHost['models'],
  hostGpus?: SetupHost['hostGpus'],
  cachedModels?: SetupHost['cachedModels'],
): vscode.Disposable {
  const machine = (): ReturnType<Parameters<typeof studioSetupCore>[0]> => {
    const s = readSettings().setup;
    return { contextBytes: s.contextBytes, trainingReserve: s.trainingReserve, ...(s.cpuMemory ? { cpuMemory: s.cpuMemory } : {}) };
  };
  return registerNewSetup({
    models,
    ...(hostGpus ? { hostGpus } : {}),
    ...(cachedModels ? { cachedModels } : {}),
    core: studioSetupCore(machine),
  });
}
