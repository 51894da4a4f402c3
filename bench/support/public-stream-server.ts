// The app for bench/public-stream.ts (viewers per instance), in a child process of its own
// so that its CPU and memory are measured apart from the viewers: embedded PGlite in
// memory with the demo data, no media server, MEDIA_DIR from the environment, on
// 127.0.0.1. One public conference is created through the domain's use cases and made
// `scheduled`; its live folder is where the benchmark's ffmpeg writes the stream. Started
// with an IPC channel: it sends `{ ready, port, conferenceId, liveDir }`, answers `loop`
// with its event-loop delay (bench/support/loop-delay.ts) and stops when the channel closes. LOG_LEVEL as in production unless the environment says otherwise
// (pino writes to stdout: the benchmark sends it to /dev/null).
import { join } from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { insertUser } from '../../domain/auth/users.ts';
import { changeConferenceStatus, createConference } from '../../domain/conferences/conferences.ts';
import { loadDemoData } from '../../domain/demo/demo-data.ts';
import { parseEnv } from '../../server/env.ts';
import { createLogger } from '../../server/logger.ts';
import { startInstance } from '../../server/server.ts';
import { answerLoopDelay } from './loop-delay.ts';

const env = parseEnv({
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  JANUS_URL: 'off',
  MEDIA_DIR: process.env.MEDIA_DIR,
});
const database = await openDatabase({});
await database.migrate();
await loadDemoData(database.db);
const admin = await insertUser(database.db, {
  email: 'do-tai-truc-tiep@doithoai.example',
  name: 'Đo tải truyền hình trực tiếp',
  password: 'mat-khau-do-tai-truc-tiep-2026',
  roles: ['admin'],
});
const actor = {
  id: admin.id,
  name: admin.name,
  email: admin.email,
  language: admin.language,
  roles: admin.roles,
};
const conference = await createConference({
  db: database.db,
  actor,
  input: {
    title: 'Hội nghị đo tải truyền hình trực tiếp',
    theme: 'Bao nhiêu người xem trên một máy chủ',
    description: '',
    organiser: 'Ban Tổ chức',
    startsAt: new Date('2026-12-18T01:00:00Z'),
    endsAt: new Date('2026-12-18T04:00:00Z'),
    visibility: 'public',
    recording: false,
    keepRawRecordings: false,
    defaultTurnMinutes: 5,
    siteChairApproval: false,
    themes: [],
  },
});
await changeConferenceStatus({
  db: database.db,
  actor,
  conferenceId: conference.id,
  status: 'scheduled',
});
const logger = createLogger(env.LOG_LEVEL);
const instance = await startInstance(
  {
    env,
    database,
    secret: 'bench-secret-public-stream-0123456789abcdef',
    logger,
    version: 'bench',
    janus: null,
  },
  { port: 0, host: '127.0.0.1' },
);
const mediaDir = env.MEDIA_DIR ?? join(env.DATA_DIR, 'media');

answerLoopDelay();
process.on('disconnect', () => {
  void instance.kill().then(() => database.close().then(() => process.exit(0)));
});
process.send!({
  ready: true,
  port: instance.port,
  conferenceId: conference.id,
  liveDir: join(mediaDir, 'live', conference.id),
});
