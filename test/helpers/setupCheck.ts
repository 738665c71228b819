/**
 * Issue 17's done-when, shared by the matrix tests: write a setup's files into an
 * empty folder and run `device-map check` on it in-process (the code the command runs:
 * the launch scripts next to the script, the model from the catalogue, offline).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDeviceMaps, modelFromConfig, catalogueConfig, type Device, type SetupFile, type ModelTree } from '../../src/core/index';
import { cli } from './cli';

export interface Diagnostic {
  code: string;
  severity: string;
  message: string;
  line: number;
}

export function catalogueTree(id: string): ModelTree {
  const config = catalogueConfig(id);
  if (!config) throw new Error(`${id} is not in the catalogue`);
  return modelFromConfig(config);
}

/** An offline environment with an empty HF cache: the model resolves from the catalogue. */
export function offlineEnv(): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'dms-init-home-'));
  return { HF_HUB_CACHE: join(home, 'hub'), HF_HUB_OFFLINE: '1', HOME: home };
}

export function writeFiles(files: readonly SetupFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'dms-init-'));
  for (const f of files) writeFileSync(join(dir, f.relativePath), f.content);
  return dir;
}

/** `device-map check <dir> --gpus <spec> --model <id> --json`: each file's diagnostics. */
export async function checkFolder(dir: string, gpus: string, model: string, env = offlineEnv()): Promise<Map<string, Diagnostic[]>> {
  const r = await cli(['check', '.', '--gpus', gpus, '--model', model, '--json'], dir, env);
  if (r.code === 2) throw new Error(`check failed: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as { files: Array<{ path: string; diagnostics: Diagnostic[] }> };
  return new Map(report.files.map((f) => [f.path, f.diagnostics]));
}

/** The map a file holds, as the analysis finds it (the first one that reaches a model, or the whole JSON file). */
export function mapInFile(f: SetupFile): { devices: Map<string, Device>; strategy?: string; maxMemory?: Map<Device, number | string> } {
  const facts = findDeviceMaps({ text: f.content, languageId: f.languageId, fileName: `/x/${f.relativePath}` });
  const m = facts.maps.find((x) => x.reachesModel) ?? facts.maps[0];
  if (!m) throw new Error(`${f.relativePath}: no device map found`);
  const devices = new Map<string, Device>();
  for (const e of m.entries) if (e.value.device !== undefined) devices.set(e.key, e.value.device);
  const strategy = typeof m.value?.literal === 'string' ? m.value.literal : undefined;
  const maxMemory = m.maxMemory ? new Map<Device, number | string>(m.maxMemory.entries.map((e) => [e.key, e.value])) : undefined;
  return { devices, ...(strategy ? { strategy } : {}), ...(maxMemory ? { maxMemory } : {}) };
}
