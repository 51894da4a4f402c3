// TEMP STUB
export async function minutesDocx(_o: unknown): Promise<Buffer> {
  return Buffer.from('');
}
export async function reportDocx(_o: unknown): Promise<Buffer> {
  return Buffer.from('');
}
