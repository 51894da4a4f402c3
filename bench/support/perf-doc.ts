import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../db/project-root.ts';

/**
 * Puts a benchmark's results into docs/performance.md: `text` (starting with
 * `## <title>`) replaces the section of that exact title, up to the next `## `, or is
 * appended when there is none yet.
 */
export function writePerformanceSection(title: string, text: string): void {
  const path = join(projectRoot, 'docs/performance.md');
  const doc = readFileSync(path, 'utf8');
  const heading = `## ${title}\n`;
  const at = doc.startsWith(heading) ? 0 : doc.indexOf(`\n${heading}`) + 1;
  const section = `${text.trimEnd()}\n`;
  if (at <= 0 && !doc.startsWith(heading)) {
    writeFileSync(path, `${doc.trimEnd()}\n\n${section}`);
  } else {
    const next = doc.indexOf('\n## ', at + heading.length - 1);
    writeFileSync(path, `${doc.slice(0, at)}${section}${next < 0 ? '' : doc.slice(next)}`);
  }
  console.log(`written to ${path} (${title})`);
}
