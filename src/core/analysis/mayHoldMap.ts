/** The one pre-filter (editor, LSP, CLI `check`, findDeviceMaps): it lives with the finder, in core/text. */
export { mayHoldMap } from '../text/find';
