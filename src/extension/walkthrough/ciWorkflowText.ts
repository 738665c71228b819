/**
 * The GitHub Actions workflow "Write a GitHub Actions Workflow for device-map check" writes
 * (also shown in the walkthrough's CI step and docs/ci.md): annotations on pull requests.
 * Pure text, no vscode import, so a unit test parses it.
 */
export const CI_WORKFLOW_PATH = '.github/workflows/device-map.yml';

/** `gpus`: the `--gpus` value (`2xrtx3090,24GiB`) when the workspace setting can be written as one, else the config file's. */
export function ciWorkflowText(gpus?: string): string {
  const flag = gpus ? ` --gpus ${gpus}` : '';
  return `# Checks every device_map with the engine of the Device Map Studio extension.
# Findings become annotations on the pull request; GPUs come from --gpus or the nearest
# device-map-studio.toml / [tool.device-map-studio] (see docs/ci.md for SARIF upload).
name: device maps
on: [push, pull_request]
permissions:
  contents: read
jobs:
  device-map:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm install --no-save device-map-studio
      - run: npx device-map check .${flag} --output-format github
`;
}

/** The setting's entries as one `--gpus` value; undefined when an entry is an object (the file or the flag must say it). */
export function gpusFlagOf(setting: unknown): string | undefined {
  if (!Array.isArray(setting) || setting.length === 0) return undefined;
  if (!setting.every((e) => typeof e === 'string' && /^[\w.\- ]+$/.test(e))) return undefined;
  return (setting as string[]).map((s) => s.replace(/\s+/g, '')).join(',');
}
