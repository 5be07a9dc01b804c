// ESLint with typescript-eslint's type-aware rules over the sources, specs and benchmarks.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  // The fixture's extractor is a plain script run by hand (it needs the description's YAML).
  { ignores: ['dist/**', 'build/**', 'docs/api/**', 'node_modules/**', 'spec/fixtures/openapi/extract.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    files: ['spec/**/*.ts'],
    rules: {
      // chai's expect(...).to.be.true style and async mocha hooks.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  // The JavaScript tooling (config, CI's pack smoke test, the TypeDoc plugin) runs on Node as is.
  {
    files: ['eslint.config.js', '.ci/**/*.mjs', 'docs/typedoc/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly' },
    },
  },
)
