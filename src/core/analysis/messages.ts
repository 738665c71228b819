/** The message templates and their one formatter live in `base/messages.ts` (every layer words its texts with them); re-exported here for the analysis layer. */
export * from '../base/messages';
