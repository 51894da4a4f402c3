import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { checkZipBounds, MB } from './stored-files.ts';

async function zip(files: Record<string, Buffer | string>) {
  const z = new JSZip();
  for (const [name, data] of Object.entries(files)) z.file(name, data);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function codeOf(run: () => Promise<void>) {
  try {
    await run();
    return null;
  } catch (err) {
    return isAppError(err) ? (err.fields?.file ?? err.code) : 'not an AppError';
  }
}

describe('checkZipBounds', () => {
  it('lets an ordinary workbook through', async () => {
    const ok = await zip({ '[Content_Types].xml': '<Types/>', 'xl/sheet1.xml': 'x'.repeat(5000) });
    expect(await codeOf(() => checkZipBounds(ok))).toBeNull();
  });

  it('refuses a small file that unpacks to more than the limit', async () => {
    const bomb = await zip({ 'xl/sheet1.xml': Buffer.alloc(30 * MB) });
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(await codeOf(() => checkZipBounds(bomb))).toBe('errors.archive_too_large');
  });

  it('refuses one that lies about its sizes', async () => {
    const bomb = await zip({ 'xl/sheet1.xml': Buffer.alloc(30 * MB) });
    // Declare 100 bytes in the central directory and in the local header.
    const cd = bomb.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(100, cd + 24);
    bomb.writeUInt32LE(100, 22);
    expect(await codeOf(() => checkZipBounds(bomb))).toBe('errors.archive_too_large');
  });

  it('refuses too many entries, and what is not a zip at all', async () => {
    const many = await zip(
      Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`f${i}`, 'x'])),
    );
    expect(await codeOf(() => checkZipBounds(many))).toBe('errors.archive_too_large');
    expect(await codeOf(() => checkZipBounds(Buffer.from('PK not really')))).toBe(
      'unsupported_file',
    );
  });
});
