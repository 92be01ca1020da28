// Lint rules: ESLint's and typescript-eslint's recommended sets, plus the few
// choices below. Formatting is Prettier's job, not the linter's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.run/', 'test-results/', 'node_modules/', '**/*.tmp.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        // Browser and Node globals the code uses; both run here.
        window: 'readonly',
        document: 'readonly',
        console: 'readonly',
        process: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Empty catch blocks say why in a comment.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { sourceType: 'module' },
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['**/*.ts'],
    // TypeScript checks undefined names itself (tsc --noEmit runs in npm test).
    rules: { 'no-undef': 'off' },
  },
);
