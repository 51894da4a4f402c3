import type { FrameGrabber } from './record-news-draft.ts';
import type { RecordRenderer } from './render-record-file.ts';

/** What the record's use cases take from the server (one per instance, server/app.ts). */
export interface RecordServices {
  /** The site's origin (PUBLIC_URL): the news draft's links are absolute. */
  publicUrl: () => string;
  /** `DOCUMENT_FONT_DIR`: the documents' typeface instead of the embedded Tinos. */
  fontDir?: string;
  /** Writes the record's files (a worker thread with a bounded queue, per instance). */
  render?: RecordRenderer;
  /** The recordings' folder and a way to take still frames (none: no frames). */
  media?: { dir: string; frames: FrameGrabber };
}
