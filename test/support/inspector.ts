// The JS heap figures of a `wrangler dev` isolate, read over its DevTools inspector
// (`wrangler dev --inspector-port`): Runtime.getHeapUsage, the same numbers DevTools shows.
import WebSocket from 'ws';

export interface HeapUsage {
  /** Live JS objects, bytes. */
  usedSize: number;
  /** Heap V8 has committed, bytes (it keeps what a request grew it to for a while). */
  totalSize: number;
  /** ArrayBuffer backing stores (the bundled models among them; not WebAssembly memories), bytes. */
  backingStorageSize: number;
}

export async function heapUsage(inspectorPort: number): Promise<HeapUsage> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
  try {
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return await new Promise<HeapUsage>((resolve, reject) => {
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { id?: number; result?: HeapUsage; error?: { message: string } };
        if (message.id !== 1) return;
        if (message.result) resolve(message.result);
        else reject(new Error(`Runtime.getHeapUsage: ${message.error?.message}`));
      });
      socket.send(JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }));
    });
  } finally {
    socket.close();
  }
}
