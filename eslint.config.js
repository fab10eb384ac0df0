import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/out/', '.tmp/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The service's stores are async (SQLite or PostgreSQL behind one door): a promise nobody awaits
  // is a write that may land after the answer, or an error nobody sees.
  {
    files: ['src/service/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      // A promise returned from inside try without await escapes its catch.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
    },
  },
  // The web app runs in the browser: its globals, not Node's.
  { files: ['web/**/*.js'], languageOptions: { globals: globals.browser } },
);
