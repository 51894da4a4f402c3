import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServerBuild } from 'react-router';

/** The production page build that `npm test` makes (scripts/build-if-needed.mjs) before the suite. */
export async function loadServerBuild(): Promise<ServerBuild> {
  const path = fileURLToPath(new URL('../../build/server/index.js', import.meta.url));
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run build" first`);
  return (await import(/* @vite-ignore */ pathToFileURL(path).href)) as ServerBuild;
}
