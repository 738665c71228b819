/** Entry of the layout webview bundle (`dist/webview.js`): connect to the host and start the panel. */
import { start } from './app';
import { connectHost } from './host';
import { readPanelText } from './text';

const root = document.getElementById('app') ?? document.body;
// The host's words for this page, in the display language, before anything is drawn.
readPanelText(root);
start(root, connectHost());
