import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'build', '.react-router', 'data'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Layering (docs/architecture.md): dependencies point one way.
  ...[
    ['domain/**', ['app', 'server'], 'domain/ holds the business: no pages, no HTTP.'],
    ['db/**', ['domain', 'app', 'server'], 'db/ is storage: it knows no use case.'],
    ['app/**', ['server'], 'app/ runs in the browser too: it imports nothing from server/.'],
    ['protocol/**', ['domain', 'db', 'app', 'server'], 'protocol/ is shared schemas only.'],
  ].map(([files, layers, message]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: layers.map((l) => `**/${l}/**`), message }] },
      ],
    },
  })),
  {
    // Type-aware: a promise nobody awaits or catches loses its error (and its order).
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        // React calls event handlers and ignores what they return.
        { checksVoidReturn: { attributes: false } },
      ],
    },
  },
);
