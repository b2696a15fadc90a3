import { existsSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { load } from 'js-yaml'
import { minimatch } from 'minimatch'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/repo-root'

/**
 * What `npm run dist` would pack, without packing: electron-builder's `files` globs from
 * build/electron-builder.yml, applied in order (a `!` pattern takes out what earlier ones put
 * in) to the files of a build. The emulator is a program of its own and must never be in there.
 */
const built =
  existsSync(join(REPO_ROOT, 'dist', 'electron')) && existsSync(join(REPO_ROOT, 'dist', 'renderer'))

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(REPO_ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'))
}

async function packedFiles(): Promise<string[]> {
  const config = load(await readFile(join(REPO_ROOT, 'build', 'electron-builder.yml'), 'utf8')) as {
    files: string[]
  }
  const candidates = ['package.json', ...(await filesBelow(join(REPO_ROOT, 'dist')))]
  return candidates.filter((file) => {
    let included = false
    for (const pattern of config.files) {
      if (pattern.startsWith('!')) {
        if (minimatch(file, pattern.slice(1), { dot: true })) included = false
      } else if (minimatch(file, pattern, { dot: true })) included = true
    }
    return included
  })
}

describe('the packaged app (build/electron-builder.yml)', () => {
  it('holds the app build and no emulator code', async (context) => {
    if (!built) {
      context.skip('dist/ is not built; run `npm run build`')
      return
    }
    const files = await packedFiles()
    expect(files).toContain('package.json')
    expect(files).toContain('dist/electron/electron/shell/main.js')
    expect(files).toContain('dist/renderer/index.html')
    const outside = files.filter(
      (file) =>
        file !== 'package.json' &&
        !file.startsWith('dist/electron/') &&
        !file.startsWith('dist/renderer/'),
    )
    expect(outside).toEqual([])
    expect(files.filter((file) => /^dist\/(electron\/)?emulator\//.test(file))).toEqual([])
    // Nothing packed loads the emulator's own packages.
    const scripts = files.filter((file) => file.endsWith('.js'))
    for (const file of scripts) {
      const text = await readFile(join(REPO_ROOT, file), 'utf8')
      expect(text, file).not.toMatch(
        /require\("(jose|node-forge)"\)|from ['"](jose|node-forge)['"]/,
      )
    }
  })

  it('ships none of the emulator packages as runtime dependencies', async () => {
    const app = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
    }
    const emulator = JSON.parse(
      await readFile(join(REPO_ROOT, 'emulator', 'package.json'), 'utf8'),
    ) as { name: string; dependencies: Record<string, string> }
    const runtime = Object.keys(app.dependencies)
    expect(runtime).not.toContain(emulator.name)
    expect(runtime).not.toContain('jose')
    expect(runtime).not.toContain('node-forge')
  })
})
