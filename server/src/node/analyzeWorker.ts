/**
 * The worker thread that analyzes a large file (node/main.ts starts it with the server's own bundle):
 * the server's thread keeps answering the open documents meanwhile. Posts `{ progress, total }` about
 * every 1% of the file, then `{ result }` (or `{ error }`); the server ends it on cancellation.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { createSmtpLanguageService } from '../core/smtpLanguageService';
import { analyzeSource } from '../analyze';
import { asciiText, readStream } from './files';

export async function runAnalyzeWorker(): Promise<void> {
  const { uri } = workerData as { uri: string };
  try {
    const file = await readStream(uri);
    let next = 0;
    const result = await analyzeSource(createSmtpLanguageService(), uri, file, {
      asciiText, now: () => performance.now(),
      progress(done, total) {
        if (done < next && done < total) return;
        next = done + Math.max(1 << 20, total / 100);
        parentPort!.postMessage({ progress: done, total });
      },
    });
    parentPort!.postMessage({ result });
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
}
