// The worker thread that writes the record's files (server/reports/document-renderer.ts):
// pdfmake and docx keep the thread busy for a second or more on a large conference, which
// must not be the thread that serves pages and the live session.
import { parentPort } from 'node:worker_threads';
import { renderRecordFile, type RenderJob } from '../../domain/reports/render-record-file.ts';

async function answer({ id, job }: { id: number; job: RenderJob }) {
  try {
    const data = await renderRecordFile(job);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    parentPort!.postMessage({ id, data: bytes }, [bytes.buffer]);
  } catch (err) {
    parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
}

parentPort!.on('message', (message: { id: number; job: RenderJob }) => void answer(message));
