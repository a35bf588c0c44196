// The import's worker thread (issue 13 item 2): the log's text is decoded, parsed, schema-checked,
// folded with the one fold policy and hashed here, on the worker's own heap and event loop, so a 20 MB
// import never holds the server's event loop (its garbage-collector pauses included). Started by
// importJob.ts. Protocol: the main thread posts { type: 'chunk', bytes } for each piece of the request
// body as it arrives, then { type: 'end' }. A valid log's snapshot (the folded state as JSON) goes to
// `workerData.rows`, then its events ROWS_PER_MESSAGE at a time; only then { type: 'valid', count, stateHash }
// on the parent port. A refused log: { type: 'refused', code, message }; a crash: { type: 'error', message }.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { StringDecoder } from 'node:string_decoder';
import { validateImport } from './logImport';

/** Events per message to the main thread: one transaction of registry.importLog (IMPORT_CHUNK). */
export const ROWS_PER_MESSAGE = 1000;

export type ToWorker = { type: 'chunk'; bytes: Uint8Array } | { type: 'end' };
export type FromWorker =
  | { type: 'valid'; count: number; stateHash: string }
  | { type: 'refused'; code: 'BAD_LOG' | 'REFUSED_EVENT' | 'HASH_MISMATCH'; message: string }
  | { type: 'error'; message: string };

// Only in the import worker (a test runner may run the server itself in a worker thread).
const data = workerData as { powerUpImport?: boolean; rows?: MessagePort } | null;
if (parentPort && data?.powerUpImport && data.rows) {
  const port = parentPort;
  const rows = data.rows;
  const decoder = new StringDecoder('utf8');
  let parts: string[] = [];
  const send = (m: FromWorker) => port.postMessage(m);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'chunk') {
      parts.push(decoder.write(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength)));
      return;
    }
    parts.push(decoder.end());
    const text = parts.join('');
    parts = [];
    validateImport(text).then(
      (checked) => {
        if (!checked.ok) return send({ type: 'refused', code: checked.code, message: checked.message });
        const { events, state, stateHash } = checked;
        rows.postMessage(JSON.stringify(state));
        for (let i = 0; i < events.length; i += ROWS_PER_MESSAGE) rows.postMessage(events.slice(i, i + ROWS_PER_MESSAGE));
        // Posted after every row: each is already queued on the main thread's port when this arrives.
        send({ type: 'valid', count: events.length, stateHash });
      },
      (err: unknown) => send({ type: 'error', message: (err as Error)?.stack ?? String(err) }),
    );
  });
}
