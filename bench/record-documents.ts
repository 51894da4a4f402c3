// The record's documents for the large conference (40 sites, 300 turns, 2,000
// contributions): wall time of each writer, the first run (cold: fonts, modules' caches)
// and the median of the next runs.
//
//   node --import tsx bench/record-documents.ts [--runs 5] [--out /tmp/record]
//
// With --out, the files are written there (record.pdf, bien-ban.docx, bao-cao.docx).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadFonts } from '../domain/reports/fonts.ts';
import { minutesDocx, reportDocx } from '../domain/reports/record-docx.ts';
import { recordPdf } from '../domain/reports/record-pdf.ts';
import { recordCharts } from '../domain/reports/charts.ts';
import { sampleRecord } from '../tests/support/record-fixture.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, out: { type: 'string' } },
});
const runs = Number(values.runs);
const record = sampleRecord({ sites: 40, turns: 300, contributions: 2000 });
const charts = recordCharts(record);
const fonts = await loadFonts();

const writers: [string, string, () => Promise<Buffer>][] = [
  ['PDF', 'record.pdf', () => recordPdf({ record, charts, fonts })],
  ['DOCX minutes', 'bien-ban.docx', () => minutesDocx({ record, fonts })],
  ['DOCX report', 'bao-cao.docx', () => reportDocx({ record, charts, fonts })],
];

for (const [name, file, write] of writers) {
  const times: number[] = [];
  let last: Buffer | undefined;
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    last = await write();
    times.push(performance.now() - start);
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  const median = rest[Math.floor(rest.length / 2)] ?? NaN;
  console.log(
    `${name}: first ${times[0]!.toFixed(0)} ms, median of ${runs} ${median.toFixed(0)} ms, ${(last!.length / 1024).toFixed(0)} KiB`,
  );
  if (values.out) writeFileSync(join(values.out, file), last!);
}
