import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = resolve(__dirname, '../..')
const bin = (name: string) => join(root, 'node_modules', '.bin', name)

/** Runs a command and returns its exit code and output instead of throwing. */
async function attempt(cmd: string, args: string[], input?: string) {
  const child = run(cmd, args, { cwd: root })
  if (input !== undefined) {
    child.child.stdin?.end(input)
  }
  try {
    const { stdout } = await child
    return { code: 0, output: stdout }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, output: `${e.stdout}${e.stderr}` }
  }
}

const PROBES = {
  process: 'export const home = process.env.HOME\n',
  require: "export const fs = require('fs')\n",
  document: 'export const title = document.title\n',
}

describe('shared/ stays pure', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'logdrop-layer-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  for (const [name, source] of Object.entries(PROBES)) {
    it(`the shared tsconfig rejects a reference to ${name}`, async () => {
      const file = join(dir, `${name}.ts`)
      await writeFile(file, source)
      const config = join(dir, `tsconfig.${name}.json`)
      await writeFile(
        config,
        JSON.stringify({ extends: join(root, 'shared/tsconfig.json'), include: [file] }),
      )
      const result = await attempt(bin('tsc'), ['--noEmit', '-p', config])
      expect(result.code).not.toBe(0)
      expect(result.output).toMatch(new RegExp(`Cannot find name '${name}'`))
    })

    it(`the lint rules reject a reference to ${name} inside shared/`, async () => {
      const result = await attempt(
        bin('eslint'),
        ['--stdin', '--stdin-filename', `shared/probe-${name}.ts`],
        source,
      )
      expect(result.code).not.toBe(0)
      expect(result.output).toContain(`'${name}'`)
    })
  }

  it('the lint rules reject a Node import inside shared/', async () => {
    const result = await attempt(
      bin('eslint'),
      ['--stdin', '--stdin-filename', 'shared/probe-import.ts'],
      "import { readFile } from 'node:fs'\nexport const r = readFile\n",
    )
    expect(result.code).not.toBe(0)
    expect(result.output).toContain('shared/ must not use Node')
  })
})
