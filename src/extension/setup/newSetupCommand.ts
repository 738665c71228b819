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

export const NEW_SETUP = 'deviceMapStudio.newSetup';

async function newSetup(host: SetupHost): Promise<void> {
  const driver = new QuickInputDriver();
  let result;
  try {
    result = await runSetupFlow(driver, setupServices(host));
  } catch (err) {
    // Bad input must never take the extension host down: say it, write nothing.
    log().error(`New Setup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    void vscode.window.showErrorMessage(`New Setup stopped: ${err instanceof Error ? err.message : String(err)}. Nothing was written.`);
    return;
  } finally {
    driver.dispose();
  }
  if (result.kind === 'cancelled') return;
  const uris = await writeSetup(result.answers.output.dir, result.files);
  if (!uris) return;
  await openWritten(result.files, uris);
  void vscode.window.showInformationMessage(`New Setup wrote ${result.files.map((f) => f.path).join(', ')}. ${result.summary}`);
}

export function registerNewSetup(host: SetupHost): vscode.Disposable {
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
