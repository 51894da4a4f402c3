// Imported first by main.ts, before anything loads React: without NODE_ENV=production,
// React's development build renders every page (about 3× the CPU per page, measured with
// bench/render-profile.ts). Tests and the page build set their own NODE_ENV.
process.env.NODE_ENV ??= 'production';
