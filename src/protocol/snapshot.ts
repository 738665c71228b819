/** The panel's snapshot types travel between host and webview; the core's view layer owns them. */
export * from '../core/view/snapshot';
