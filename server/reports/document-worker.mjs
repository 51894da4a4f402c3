// Entry of the document worker: a worker thread does not inherit the main thread's tsx
// loader on Node 20, so it registers it before loading the TypeScript worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./document-worker.ts');
