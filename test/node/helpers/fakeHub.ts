/**
 * A real HTTP server standing in for the Hub (via HF_ENDPOINT / the endpoint
 * setting): `/<repo>/resolve|raw/<revision>/<path>` with Range support, ETags,
 * and the Hub's error codes — 401/403 for gated repos, 404 RepoNotFound /
 * RevisionNotFound / EntryNotFound — plus slow repos and a CDN redirect, and
 * hostile ones (`misbehave`) that stall mid-body, flood, ignore Range, lie
 * about what they send, redirect forever or list thousands of shards.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkpointFiles, type CheckpointSpec } from './checkpoints';

export interface FakeRepo extends CheckpointSpec {
  /** Token the repo requires (gated): none -> 401, another -> 403. */
  readonly gatedToken?: string;
  readonly revisions?: readonly string[];
  /** Delay before answering, to prove time-outs. */
  readonly delayMs?: number;
  /** Files served instead of the generated ones (a corrupt shard...). */
  readonly override?: Readonly<Record<string, Uint8Array>>;
  /** Serve safetensors files through a redirect to this other server (a CDN on another origin). */
  readonly cdn?: FakeServer;
  /** A hostile Hub (see `Misbehaviour`). */
  readonly misbehave?: Misbehaviour;
}

/**
 * The size probe (`Range: bytes=0-0`) is answered honestly except by `ignore-range` and `redirect-loop`.
 * - `stall-body`: headers and a first chunk, then silence (the socket stays open).
 * - `flood`: every file is an endless stream of bytes, no Content-Length.
 * - `ignore-range`: Range requests get 200 and the whole file (here a 40 MB one).
 * - `overlong-range`: Range requests get 206 but endless bytes past the range.
 * - `redirect-loop`: every file redirects to itself.
 * - `many-shards`: the index lists `shardCount` shards, each a tiny valid file.
 */
export type Misbehaviour = 'stall-body' | 'flood' | 'ignore-range' | 'overlong-range' | 'redirect-loop' | { readonly manyShards: number };

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly range?: string;
  /** Bytes of file body sent back. */
  sent: number;
}

export interface FakeServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Files a CDN serves by path. */
  readonly files: Map<string, Uint8Array>;
  close(): Promise<void>;
}

function sendFile(req: IncomingMessage, res: ServerResponse, bytes: Uint8Array, seen: SeenRequest, etag: string): void {
  const headers: Record<string, string> = { ETag: etag, 'Accept-Ranges': 'bytes', 'Content-Type': 'application/octet-stream' };
  const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  if (m) {
    const start = Number(m[1]);
    const end = Math.min(m[2] ? Number(m[2]) : bytes.length - 1, bytes.length - 1);
    const body = bytes.subarray(start, end + 1);
    res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${bytes.length}`, 'Content-Length': String(body.length) });
    seen.sent += req.method === 'HEAD' ? 0 : body.length;
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': String(bytes.length) });
  seen.sent += req.method === 'HEAD' ? 0 : bytes.length;
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function hubError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'X-Error-Code': code, 'X-Error-Message': message });
  res.end(JSON.stringify({ error: message }));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function record(req: IncomingMessage, requests: SeenRequest[]): SeenRequest {
  const seen: SeenRequest = {
    method: req.method ?? 'GET',
    path: req.url ?? '',
    sent: 0,
    ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    ...(req.headers.range ? { range: req.headers.range } : {}),
  };
  requests.push(seen);
  return seen;
}

/** A CDN: serves whatever `files` holds, by path, with Range support. */
export async function startCdn(): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const files = new Map<string, Uint8Array>();
  const server = createServer((req, res) => {
    const seen = record(req, requests);
    const bytes = files.get(req.url ?? '');
    if (!bytes) return hubError(res, 404, 'EntryNotFound', 'no such object');
    sendFile(req, res, bytes, seen, '"cdn"');
  });
  const url = await listen(server);
  return {
    url,
    requests,
    files,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export async function startFakeHub(repos: Record<string, FakeRepo>): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const contents = new Map(
    Object.entries(repos).map(([id, spec]) => [id, new Map([...checkpointFiles(spec), ...Object.entries(spec.override ?? {})])]),
  );
  const server = createServer((req, res) => {
    const seen = record(req, requests);
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/(.+?)\/(resolve|raw)\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!m) return hubError(res, 404, 'RepoNotFound', 'Repository not found');
    const [, repoId, , revision, file] = m as unknown as [string, string, string, string, string];
    const repo = repos[repoId];
    const answer = (): void => {
      if (!repo) return hubError(res, 404, 'RepoNotFound', 'Repository not found');
      if (repo.gatedToken) {
        const auth = req.headers.authorization;
        if (!auth)
          return hubError(
            res,
            401,
            'GatedRepo',
            `Access to model ${repoId} is restricted. You must have access to it and be authenticated to access it.`,
          );
        if (auth !== `Bearer ${repo.gatedToken}`)
          return hubError(res, 403, 'GatedRepo', `Access to model ${repoId} is restricted and you are not in the authorized list.`);
      }
      if (!(repo.revisions ?? ['main']).includes(decodeURIComponent(revision)))
        return hubError(res, 404, 'RevisionNotFound', 'Invalid rev id');
      const bytes = contents.get(repoId)!.get(decodeURIComponent(file));
      if (!bytes) return hubError(res, 404, 'EntryNotFound', 'Entry not found');
      if (repo.cdn && file.endsWith('.safetensors')) {
        const cdnPath = `/blobs/${repoId.replace('/', '_')}/${file}`;
        repo.cdn.files.set(cdnPath, bytes);
        res.writeHead(302, { Location: `${repo.cdn.url}${cdnPath}`, ETag: `"${file}"` });
        return void res.end();
      }
      sendFile(req, res, bytes, seen, `"${repoId}/${file}"`);
    };
    if (repo?.misbehave) return misbehave(repo.misbehave, req, res, seen, decodeURIComponent(file), contents.get(repoId)!);
    if (repo?.delayMs) setTimeout(answer, repo.delayMs);
    else answer();
  });
  const url = await listen(server);
  return {
    url,
    requests,
    files: new Map(),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const CHUNK = new Uint8Array(64 * 1024).fill(0x20);

/** Writes CHUNKs until the client goes away; `seen.sent` counts what left. */
function flood(res: ServerResponse, seen: SeenRequest): void {
  const pump = (): void => {
    while (!res.destroyed && res.write(CHUNK)) seen.sent += CHUNK.length;
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('close', () => res.destroy());
  pump();
}

function misbehave(
  how: Misbehaviour,
  req: IncomingMessage,
  res: ServerResponse,
  seen: SeenRequest,
  file: string,
  files: Map<string, Uint8Array>,
): void {
  const range = req.headers.range;
  if (typeof how === 'object') {
    if (file === 'model.safetensors') return hubError(res, 404, 'EntryNotFound', 'Entry not found');
    if (file === 'model.safetensors.index.json') {
      const weight_map = Object.fromEntries(
        Array.from({ length: how.manyShards }, (_, i) => [
          `w${i}`,
          `model-${String(i + 1).padStart(5, '0')}-of-${how.manyShards}.safetensors`,
        ]),
      );
      return sendFile(req, res, new TextEncoder().encode(JSON.stringify({ metadata: {}, weight_map })), seen, '"index"');
    }
    const tiny = new TextEncoder().encode(JSON.stringify({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }));
    const bytes = new Uint8Array(8 + tiny.length + 4);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(tiny.length), true);
    bytes.set(tiny, 8);
    return sendFile(req, res, files.get(file) ?? bytes, seen, `"${file}"`);
  }
  // The size probe (`Range: bytes=0-0`) gets an honest answer: the lies start once the client trusts the file.
  if (range === 'bytes=0-0' && (how === 'stall-body' || how === 'flood' || how === 'overlong-range'))
    return sendFile(req, res, files.get(file) ?? new Uint8Array(0), seen, `"${file}"`);
  switch (how) {
    case 'stall-body':
      res.writeHead(range ? 206 : 200, { 'Content-Length': '1000000', ...(range ? { 'Content-Range': `bytes 0-999999/1000000` } : {}) });
      res.write(CHUNK.subarray(0, 10));
      seen.sent += 10;
      return; // never ends
    case 'flood':
      res.writeHead(range ? 206 : 200, {
        'Content-Type': 'application/octet-stream',
        ...(range ? { 'Content-Range': 'bytes 0-0/1' } : {}),
      });
      return flood(res, seen);
    case 'ignore-range': {
      const whole = new Uint8Array(40 * 2 ** 20);
      whole.set(files.get(file) ?? new Uint8Array(0));
      res.writeHead(200, { 'Content-Length': String(whole.length) });
      seen.sent += whole.length;
      return void res.end(whole);
    }
    case 'overlong-range':
      if (!range) return sendFile(req, res, files.get(file) ?? new Uint8Array(0), seen, '"x"');
      res.writeHead(206, { 'Content-Range': `bytes 0-7/${40 * 2 ** 20}` });
      return flood(res, seen);
    case 'redirect-loop':
      res.writeHead(302, { Location: req.url ?? '/' });
      return void res.end();
  }
}
