/**
 * The getting-started examples: files shipped inside the .vsix (see .vscodeignore) and where
 * "Create the Getting-Started Examples…" writes each one inside the new folder. No vscode
 * import: the packaging test reads this list to check that every source is in the package.
 */
export const EXAMPLES_FOLDER = 'device-map-examples';

/** The file the command opens afterwards: the walkthrough's diagnostic (DM003) and its fix. */
export const EXAMPLE_TO_OPEN = 'DM003_split_block.py';

export const EXAMPLE_FILES: readonly { readonly from: string; readonly to: string }[] = [
  { from: 'examples/walkthrough/device-map-studio.toml', to: 'device-map-studio.toml' },
  { from: 'examples/diagnostics/DM003_split_block.py', to: EXAMPLE_TO_OPEN },
  { from: 'examples/qlora_llama2_13b_2x24gb.py', to: 'qlora_llama2_13b_2x24gb.py' },
  { from: 'examples/models/llama-2-7b/config.json', to: 'models/llama-2-7b/config.json' },
  { from: 'examples/models/llama-2-13b/config.json', to: 'models/llama-2-13b/config.json' },
];
