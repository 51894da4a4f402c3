import { readFileSync } from 'node:fs';

// Pre-encoded media as RTP, the way a browser sends it: VP8 frames from IVF files and Opus
// packets from Ogg files (both written by ffmpeg), cut into RTP payloads.

/** A VP8 frame of an IVF file. */
export interface Frame {
  data: Buffer;
  key: boolean;
}
/** The frames of an IVF file (VP8), in order. */
export function readIvf(path: string): Frame[] {
  const buf = readFileSync(path);
  if (buf.toString('ascii', 0, 4) !== 'DKIF') throw new Error(`${path}: not IVF`);
  const frames: Frame[] = [];
  for (let off = buf.readUInt16LE(6); off + 12 <= buf.length;) {
    const size = buf.readUInt32LE(off);
    const data = buf.subarray(off + 12, off + 12 + size);
    frames.push({ data, key: (data[0]! & 1) === 0 });
    off += 12 + size;
  }
  return frames;
}
/** The Opus packets of an Ogg file (after OpusHead and OpusTags). */
export function readOggOpus(path: string): Buffer[] {
  const buf = readFileSync(path);
  const packets: Buffer[] = [];
  let current: Buffer[] = [];
  for (let off = 0; off + 27 <= buf.length;) {
    if (buf.toString('ascii', off, off + 4) !== 'OggS') throw new Error(`${path}: bad page`);
    const segments = buf[off + 26]!;
    const table = buf.subarray(off + 27, off + 27 + segments);
    let data = off + 27 + segments;
    for (const len of table) {
      current.push(buf.subarray(data, data + len));
      data += len;
      if (len < 255) {
        packets.push(Buffer.concat(current));
        current = [];
      }
    }
    off = data;
  }
  return packets.slice(2);
}

/** A 12-byte RTP header (version 2, no CSRC, no extension). */
export function rtpHeader(pt: number, marker: boolean, seq: number, ts: number, ssrc: number) {
  const h = Buffer.alloc(12);
  h[0] = 0x80;
  h[1] = (marker ? 0x80 : 0) | pt;
  h.writeUInt16BE(seq & 0xffff, 2);
  h.writeUInt32BE(ts >>> 0, 4);
  h.writeUInt32BE(ssrc, 8);
  return h;
}

/** VP8 over RTP (RFC 7741): payload descriptor with a 15-bit picture id, ≤ 1100-byte chunks. */
export function vp8Packets(frame: Buffer, pictureId: number): Buffer[] {
  const out: Buffer[] = [];
  const max = 1100;
  for (let off = 0; off < frame.length; off += max) {
    const d = Buffer.from([
      0x80 | (off === 0 ? 0x10 : 0),
      0x80,
      0x80 | ((pictureId >> 8) & 0x7f),
      pictureId & 0xff,
    ]);
    out.push(Buffer.concat([d, frame.subarray(off, off + max)]));
  }
  return out;
}
