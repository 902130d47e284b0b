import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/data/**', 'coverage/**', 'docs/.vitepress/cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Render with Lit templates; never assign innerHTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Render with Lit templates; never insert markup.' },
      ],
    },
  },
  {
    files: ['packages/elements/**/*.ts', 'packages/embed/**/*.ts'],
    ...litConfigs['flat/recommended'],
  },
  // Browser tests written in plain JavaScript run under the test runner's mocha.
  { files: ['test/browser/**/*.js'], languageOptions: { globals: globals.mocha } },
);
