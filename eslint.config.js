// ESLint 9 flat config: typescript-eslint's recommended rules without type information, so `npm run lint` stays
// fast enough to run before every commit. Formatting is Prettier's business (`npm run format:check`), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist.building-*/', 'coverage/', 'node_modules/', '.bench-cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JavaScript files (the build script, the bin, this config) run on Node; TypeScript files get their globals from tsc.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', performance: 'readonly' } },
  },
  {
    rules: {
      // `const { token: _omit, ...rest } = x` is how this code base drops a field; the underscore says "unused on purpose".
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Stripping ANSI escapes and NUL characters is what those regular expressions are for.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests poke at parsed JSON output; typing every shape they read would add noise, not safety.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
