// Imported first by main.ts, before anything loads React: without NODE_ENV=production,
// React's development build renders every page (about 3× the CPU per page, measured with
// bench/render-profile.ts). Tests and the page build set their own NODE_ENV. The server's
// bundle (build/app/main.mjs) sets it in its entry, before its hoisted imports run.
process.env.NODE_ENV ??= 'production';
