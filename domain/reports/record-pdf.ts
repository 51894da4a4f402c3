// TEMP STUB
export async function recordPdf(_o: unknown): Promise<Buffer> {
  return Buffer.from('');
}
