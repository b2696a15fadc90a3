// Lint rules: typescript-eslint with type information, react-hooks, and the boundaries between
// programs, layers and threads (docs/ARCHITECTURE.md).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

import { builtinModules } from 'node:module'
import { importBoundaries } from './scripts/lint/import-boundaries.mjs'

// Bare builtin names are matched exactly (`paths`), so a folder called util/ is not mistaken for Node's.
const nodePaths = (message) => builtinModules.map((name) => ({ name, message }))
const nodePattern = (message) => ({ group: ['node:*'], message })

/** Where each program, host, layer and thread may reach (docs/ARCHITECTURE.md). */
const ENGINE_THREADS = [
  'electron/engine/worker',
  'electron/engine/helpers',
  'electron/engine/common',
]
const HOSTS = ['electron/shell', 'electron/web-host', 'electron/cli']
const BOUNDARY_ZONES = [
  {
    from: ['electron', 'renderer', 'shared'],
    forbid: ['emulator'],
    message: 'The app reaches the emulator only through electron/core/emulator-client',
  },
  {
    from: ['emulator'],
    forbid: ['electron', 'renderer'],
    message: 'The emulator is a program of its own: it may use shared/, nothing of the app',
  },
  {
    from: ENGINE_THREADS,
    forbid: ['electron/engine/main', 'electron/core', ...HOSTS],
    message: 'Worker and helper threads never import main-thread, core or host code',
  },
  {
    from: ['electron/engine/helpers', 'electron/engine/common'],
    forbid: ['electron/engine/worker'],
    message: 'Helper-thread and any-thread code never loads the upload worker',
  },
  {
    from: ['electron/engine/common'],
    forbid: ['electron/engine/helpers'],
    message: 'Any-thread code never loads helper-thread code',
  },
  {
    from: ['electron/engine/main'],
    forbid: ['electron/core', ...HOSTS, 'electron/engine/worker', 'electron/engine/helpers'],
    allow: ['electron/engine/worker/protocol'],
    message: 'The engine knows no app or host; main reaches the worker only through its protocol',
  },
  {
    from: ['electron/core'],
    forbid: [...HOSTS, 'electron/engine/worker', 'electron/engine/helpers'],
    allow: ['electron/engine/worker/protocol'],
    message:
      'Core serves the hosts and runs the engine through engine/main; it imports neither hosts nor threads',
  },
  ...HOSTS.map((host) => ({
    from: [host],
    forbid: HOSTS.filter((other) => other !== host),
    message: 'Hosts import core and the engine, never each other',
  })),
]

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
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each file is checked with its own layer's program (lib and types differ per layer);
        // the first project that includes a file wins, and test/ includes every test.
        project: [
          './shared/tsconfig.json',
          './electron/tsconfig.json',
          './emulator/tsconfig.json',
          './renderer/tsconfig.json',
          './scripts/bench/tsconfig.json',
          './scripts/soak/tsconfig.json',
          './scripts/tsconfig.json',
          './test/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Async functions here often implement async interfaces (IPC handlers, test doubles,
      // async generators a reader consumes) without awaiting anything themselves. A promise
      // left unhandled is the bug, and the two rules above catch it.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Vitest's asymmetric matchers (expect.stringMatching, expect.any …) are typed `any`.
    files: ['**/*.test.{ts,tsx}', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Probe files that test/integration/layer-boundaries.test.ts lints from stdin; they exist
    // in no program, so they are linted without type information.
    files: ['shared/probe-*.ts'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { project: null, projectService: false } },
  },
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
    files: ['electron/**/*.ts', 'emulator/**/*.ts', 'renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    ignores: ['**/*.test.{ts,tsx}'],
    plugins: { logdrop: { rules: { 'import-boundaries': importBoundaries } } },
    rules: {
      'logdrop/import-boundaries': ['error', { root: import.meta.dirname, zones: BOUNDARY_ZONES }],
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
      // Hooks and contexts hand out objects of callbacks that components destructure; they are
      // closures (no `this`), which the rule cannot tell from method shorthand in their types.
      '@typescript-eslint/unbound-method': 'off',
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
