/**
 * Every sentence the New Setup core builds (issue 15): the honest limits, the alternatives'
 * titles, the per-card line and the notes, as templates so a locale can word them. The files
 * it writes (Python, shell, JSON) are code and stay English.
 */
import { voice } from '../base/messages';

export const SETUP_MESSAGES = {
  noCards: 'No cards to place the model on.',
  hybridUneven:
    '{processes} processes cannot share {cards} cards equally for model parallel inside each process (hybrid needs the card count to be a multiple of the processes).',
  dataParallelCards: '{processes} data-parallel processes need {processes} cards; there are {cards}.',
  cardsSame: '{count} × {name} ({memory})',
  cardsMixed: '{count} cards',
  taskInference: 'inference',
  taskLora: 'LoRA',
  taskQlora: 'QLoRA (4-bit)',
  taskFull: 'full fine-tuning',
  cardTakes: 'cuda:{device} takes {total}{reserve} of {capacity}',
  cardNeeds: 'cuda:{device} needs {total}{reserve} of {capacity}',
  reserve: ' (+ {reserve} training reserve)',
  listSeparator: ', ',
  leftOver:
    '{who} does not fit {cards} for {task}, {mode}: placed over these cards, {parts}, and {weights} of weights ({modules}) are left over: it takes {total} such cards.',
  pastProbe:
    "{who} does not fit {cards} for {task}, {mode}: the whole model's step needs about {total} ({weights} of weights), and the cards hold {room} in all; even {max} such cards do not hold it.",
  offloadInference: 'inference can run that way, slowly, with CPU offload',
  offloadQlora: 'bitsandbytes 4-bit weights cannot be offloaded for training',
  offloadTraining: 'training cannot offload to the CPU',
  offloadRest: '; {weights} of weights ({modules}) do not fit on the cards and would go to the CPU: {why}',
  doesNotFit: '{who} does not fit {cards} for {task}, {mode}: {parts}{rest}.',
  altLora: 'LoRA instead of full fine-tuning',
  altQlora: 'QLoRA (4-bit) instead of {task}',
  altOffload: 'CPU offload for the modules the cards cannot hold',
  altStudio: "Device Map Studio's planner instead of a transformers strategy",
  altOneProcess: 'one process',
  altProcesses: '{count} processes',
  altHybrid: 'model parallel inside each process (hybrid)',
  altMoreCards: '{count} cards ({more} more {name})',
  perCard: 'cuda:{device} {total} / {capacity}{over}',
  perCardOver: ' (over)',
  perCardSeparator: ' · ',
  noteDataParallel: 'data parallel loads a whole copy per card: device_map="{strategy}" does not apply',
  noteOneCardEach: "each process's map uses one card: data parallel (one whole copy per card) would run on fewer cards",
  noteOffloaded: '{count} module(s) run from the CPU (offloaded): slow, but it fits',
} as const;

export const setupSay = voice('setup', SETUP_MESSAGES);

/** The task as the limits name it ("full fine-tuning"). */
export function taskWords(task: 'inference' | 'lora' | 'qlora' | 'full'): string {
  const id = ({ inference: 'taskInference', lora: 'taskLora', qlora: 'taskQlora', full: 'taskFull' } as const)[task];
  return setupSay.text(id, {});
}
