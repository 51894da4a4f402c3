// Makes build/pglite/template.tar.gz: an embedded database with every migration applied,
// which new embedded databases start from (db/pglite-template.ts). Run by
// scripts/build-if-needed.mjs when the migrations or PGlite changed.
import { openDatabase } from '../db/client.ts';
import { currentTemplateKey, writeTemplate } from '../db/pglite-template.ts';

const key = currentTemplateKey();
const database = await openDatabase({ template: false });
await database.migrate();
const data = await database.dumpDataDir!('gzip');
await database.close();
writeTemplate(new Uint8Array(await data.arrayBuffer()), key);
