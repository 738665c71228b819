/** An in-process LSP client wired to `startServer` through streams: real JSON-RPC framing, no child process. */
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { startServer } from '../../../src/lsp/server';

export interface TestClient {
  readonly rpc: MessageConnection;
  /** Resolves with the next diagnostics published for `uri`. */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams>;
  close(): void;
}

export async function startClient(
  initializationOptions: unknown = {},
  rootUri: string | null = null,
  configuration?: unknown,
  locale?: string,
): Promise<TestClient> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, { ...process.env, HF_HUB_OFFLINE: '1' });
  const rpc = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const waiters = new Map<string, Array<(p: PublishDiagnosticsParams) => void>>();
  rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const w = waiters.get(p.uri)?.shift();
    w?.(p);
  });
  rpc.onNotification('window/showMessage', () => undefined);
  rpc.onNotification('window/logMessage', () => undefined);
  rpc.onRequest('workspace/configuration', () => [configuration ?? null]);
  rpc.listen();
  await rpc.sendRequest('initialize', {
    processId: null,
    rootUri,
    initializationOptions,
    ...(locale !== undefined ? { locale } : {}),
    capabilities: {
      workspace: { configuration: configuration !== undefined },
      textDocument: { completion: { completionItem: { snippetSupport: true } } },
    },
  });
  rpc.sendNotification('initialized', {});
  return {
    rpc,
    nextDiagnostics: (uri) => new Promise((resolve) => waiters.set(uri, [...(waiters.get(uri) ?? []), resolve])),
    close: () => {
      rpc.dispose();
      server.dispose();
    },
  };
}
