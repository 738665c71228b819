/** Entry of the layout webview bundle (`dist/webview.js`): connect to the host and start the panel. */
import { start } from './app';
import { connectHost } from './host';

const root = document.getElementById('app') ?? document.body;
start(root, connectHost());
