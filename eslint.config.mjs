// Lint rules: typescript-eslint, react-hooks, and the layer boundaries of STYLE.md 3.2.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

import { builtinModules } from 'node:module'

// Bare builtin names are matched exactly (`paths`), so a folder called util/ is not mistaken for Node's.
const nodePaths = (message) => builtinModules.map((name) => ({ name, message }))
const nodePattern = (message) => ({ group: ['node:*'], message })

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.bench-data/**',
      // Scratch space, gitignored.
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Config files are the only place default exports are required.
    files: ['*.config.ts', '*.config.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // shared/ is pure TypeScript: no Node, no DOM, no Electron, nothing from other layers.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-undef': 'error',
      'no-restricted-globals': [
        'error',
        'process',
        'require',
        'module',
        'Buffer',
        '__dirname',
        '__filename',
        'global',
        'window',
        'document',
        'navigator',
        'localStorage',
        'setImmediate',
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths('shared/ must not use Node.'),
          patterns: [
            nodePattern('shared/ must not use Node.'),
            {
              group: ['electron', 'react', 'react-dom', '**/electron/**', '**/renderer/**'],
              message: 'shared/ must not depend on a runtime layer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths('The renderer has no Node: ask the main side through the contract.'),
          patterns: [
            nodePattern('The renderer has no Node: ask the main side through the contract.'),
            {
              group: ['electron', '**/electron/**'],
              message: 'The renderer reaches the main side only through shared/ipc.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'electron/**/*.ts',
      'emulator/**/*.ts',
      'test/**/*.ts',
      'scripts/**/*.{ts,mjs}',
      '*.config.{ts,mjs}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Only the main entry and the preload touch Electron's runtime.
    files: ['electron/**/*.ts'],
    ignores: ['electron/shell/main.ts', 'electron/shell/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron'],
              allowTypeImports: true,
              message:
                'Only electron/shell/main.ts and electron/shell/preload.ts import Electron at run time; pass what you need in.',
            },
            { group: ['**/renderer/**'], message: 'Main-side code never imports the renderer.' },
          ],
        },
      ],
    },
  },
  prettier,
)
