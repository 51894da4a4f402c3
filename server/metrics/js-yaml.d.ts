// The part of js-yaml (untyped JavaScript; in node_modules through eslint) the tests use.
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
