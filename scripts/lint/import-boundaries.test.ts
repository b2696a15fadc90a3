import { RuleTester } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, it } from 'vitest'
import { importBoundaries } from './import-boundaries.mjs'

RuleTester.describe = describe
RuleTester.it = it

const root = '/repo'
const zones = [
  {
    from: ['electron/engine/worker'],
    forbid: ['electron/engine/main', 'electron/core'],
    message: 'threads never import main-thread code',
  },
  {
    from: ['electron/engine/main'],
    forbid: ['electron/engine/worker'],
    allow: ['electron/engine/worker/protocol'],
    message: 'main reaches the worker only through its protocol',
  },
]
const options = [{ root, zones }]
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } })

tester.run('import-boundaries', importBoundaries, {
  valid: [
    // Inside its own zone, and into folders no zone forbids.
    { filename: '/repo/electron/engine/worker/a.ts', code: "import { b } from './b'", options },
    {
      filename: '/repo/electron/engine/worker/a.ts',
      code: "import { p } from '../common/parse'",
      options,
    },
    // The allowed exception, resolved by path whatever the specifier looks like.
    {
      filename: '/repo/electron/engine/main/job-runner.ts',
      code: "import { asWorkerToMain } from '../worker/protocol'",
      options,
    },
    // Types load nothing at run time.
    {
      filename: '/repo/electron/engine/worker/a.ts',
      code: "import type { Logger } from '../../core/platform/logger'",
      options,
    },
    // A folder merely named like a forbidden one is not it.
    {
      filename: '/repo/electron/engine/worker/a.ts',
      code: "import { x } from './main/x'",
      options,
    },
    // Packages are not folders of the repository.
    { filename: '/repo/electron/engine/worker/a.ts', code: "import { z } from 'zod'", options },
  ],
  invalid: [
    {
      filename: '/repo/electron/engine/worker/send/client.ts',
      code: "import { redact } from '../../../core/platform/redact'",
      options,
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: '/repo/electron/engine/worker/a.ts',
      code: "export { run } from '../main/job-runner'",
      options,
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: '/repo/electron/engine/worker/a.ts',
      code: "const m = import('../main/job-runner')",
      options,
      errors: [{ messageId: 'forbidden' }],
    },
    {
      filename: '/repo/electron/engine/main/job-runner.ts',
      code: "import { run } from '../worker/upload-run'",
      options,
      errors: [{ messageId: 'forbidden' }],
    },
  ],
})
