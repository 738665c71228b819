/** The panel's texts the core builds (empty states, dropped edits, column names): templates like a rule's, so a locale words them. */
import { voice } from '../analysis/messages';

export const VIEW_MESSAGES = {
  stale: 'The document changed since the panel was drawn; the edit was dropped (the panel now shows the new text).',
  cannotDraw: 'Could not draw this map: {error}',
  cannotWrite: 'The move could not be written: {error}',
  noSetup: 'No GPU setup: set the number of cards and their memory in the toolbar (saved as deviceMapStudio.gpus).',
  doesNotFit: 'The model does not fit on {cards} card(s): add cards or memory, or quantize.',
  doesNotFitWithCpu: 'The model does not fit on {cards} card(s) and the CPU budget: add cards or memory, or quantize.',
  mapGone: 'This document has {count} device map(s); map {index} is gone.',
  noMap: 'No device_map in this document.',
  resolving: 'Resolving {model}…',
  theModel: 'the model',
  notDrawable: 'The device_map here ({value}) is not a value the panel can draw.',
  notInSetup: 'not in setup',
  offload: 'offload',
} as const;

export const viewSay = voice('view', VIEW_MESSAGES);
