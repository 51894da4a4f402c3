import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { writeFile } from 'node:fs/promises';

// Janus writes .mjr files (version 2): `MJR00002`, a JSON header, then each RTP packet as
// it came, behind a frame header `MEET` + ms since the first packet (uint32) + length
// (uint16). These helpers make such files without Janus, for tests and benchmarks.

/** One RTP packet of a recording and when it came (ms after the file's first packet). */
export interface MjrPacket {
  at: number;
  data: Buffer;
}

/** The bytes of a .mjr file of one stream (`codec`: as Janus writes it, e.g. vp8, opus). */
export function mjrBytes(
  header: { media: 'audio' | 'video'; codec: string; firstFrameMicros: number },
  packets: MjrPacket[],
): Buffer {
  const json = Buffer.from(
    JSON.stringify({
      t: header.media === 'video' ? 'v' : 'a',
      c: header.codec,
      // Created a little before its first frame, as Janus does.
      s: header.firstFrameMicros - 5000,
      u: header.firstFrameMicros,
    }),
  );
  const size = Buffer.alloc(2);
  size.writeUInt16BE(json.length);
  const parts: Uint8Array[] = [Buffer.from('MJR00002'), size, json];
  const first = packets[0]?.at ?? 0;
  for (const { at, data } of packets) {
    const frame = Buffer.alloc(10);
    frame.write('MEET', 0, 'latin1');
    frame.writeUInt32BE(Math.max(0, Math.round(at - first)), 4);
    frame.writeUInt16BE(data.length, 8);
    parts.push(frame, data);
  }
  return Buffer.concat(parts);
}

export async function writeMjr(
  path: string,
  header: Parameters<typeof mjrBytes>[0],
  packets: MjrPacket[],
): Promise<void> {
  await writeFile(path, mjrBytes(header, packets));
}

/**
 * A short camera and microphone recorded as Janus would: ffmpeg sends real RTP (VP8 160x120
 * of one colour, Opus tone) to sockets in real time, and the packets are written as .mjr.
 */
export async function rtpToMjr(
  files: { video: string; audio: string },
  firstFrameMicros: number,
  seconds: number,
): Promise<void> {
  const bind = async () => {
    const s = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
    return s;
  };
  const [video, videoRtcp, audio, audioRtcp] = await Promise.all([bind(), bind(), bind(), bind()]);
  const packets = { video: [] as MjrPacket[], audio: [] as MjrPacket[] };
  video.on('message', (m) => packets.video.push({ at: Date.now(), data: m }));
  audio.on('message', (m) => packets.audio.push({ at: Date.now(), data: m }));
  const url = (s: dgram.Socket, rtcp: dgram.Socket) =>
    `rtp://127.0.0.1:${s.address().port}?rtcpport=${rtcp.address().port}&pkt_size=1200`;
  const args = [
    ...['-nostdin', '-v', 'error', '-re'],
    ...['-f', 'lavfi', '-i', `color=c=red:s=160x120:r=25:d=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=f=1000:r=48000:d=${seconds}`],
    ...['-map', '0:v', '-c:v', 'libvpx', '-b:v', '200k', '-deadline', 'realtime'],
    ...['-strict', 'experimental', '-f', 'rtp', url(video, videoRtcp)],
    ...['-map', '1:a', '-c:a', 'libopus', '-f', 'rtp', url(audio, audioRtcp)],
  ];
  await new Promise<void>((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg ${code}`))));
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (const s of [video, videoRtcp, audio, audioRtcp]) s.close();
  for (const [kind, list] of Object.entries(packets))
    if (list.length <= 10) throw new Error(`only ${list.length} ${kind} RTP packets came`);
  await writeMjr(files.video, { media: 'video', codec: 'vp8', firstFrameMicros }, packets.video);
  await writeMjr(files.audio, { media: 'audio', codec: 'opus', firstFrameMicros }, packets.audio);
}
