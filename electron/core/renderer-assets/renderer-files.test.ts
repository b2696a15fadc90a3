import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRendererFile, resolveRendererPath } from './renderer-files'

describe('resolveRendererPath', () => {
  it('maps plain paths, and directories to their index.html', () => {
    expect(resolveRendererPath('/')).toEqual({ ok: true, relativePath: 'index.html' })
    expect(resolveRendererPath('')).toEqual({ ok: true, relativePath: 'index.html' })
    expect(resolveRendererPath('/assets/app-1a2b.js')).toEqual({
      ok: true,
      relativePath: 'assets/app-1a2b.js',
    })
    expect(resolveRendererPath('/fonts/')).toEqual({ ok: true, relativePath: 'fonts/index.html' })
    expect(resolveRendererPath('/a%20b.txt')).toEqual({ ok: true, relativePath: 'a b.txt' })
  })

  it('refuses traversal in every spelling', () => {
    for (const path of [
      '/../secret',
      '/assets/../../secret',
      '/%2e%2e/secret',
      '/%2E%2E/secret',
      '/.%2e/secret',
      '/assets/%2e%2e%2fsecret',
      '/..%2fsecret',
      '/..%5csecret',
      '/..\\secret',
      '/assets\\..\\..\\secret',
      '/./index.html',
      '//etc/passwd',
      '/assets//x.js',
      '/C:/Windows/win.ini',
      '/index.html:$DATA',
      '/index.html%00.js',
      '/%E0%A4%A',
    ]) {
      expect(resolveRendererPath(path), path).toEqual({ ok: false, status: 400 })
    }
  })
})

describe('readRendererFile', () => {
  let base: string
  let root: string
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'logdrop-renderer-'))
    root = join(base, 'renderer')
    await mkdir(join(root, 'assets'), { recursive: true })
    await writeFile(join(root, 'index.html'), '<!doctype html><title>LogDrop</title>')
    await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)')
    await writeFile(join(base, 'secret.txt'), 'outside')
    await symlink(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'))
    await symlink(base, join(root, 'up'))
    await symlink(join(root, 'assets', 'app.js'), join(root, 'inside-link.js'))
  })
  afterAll(async () => {
    await rm(base, { recursive: true, force: true })
  })

  it('reads files inside the folder with their content type', async () => {
    const index = await readRendererFile(root, '/')
    expect(index).toMatchObject({ ok: true, contentType: 'text/html; charset=utf-8' })
    expect(index.ok && index.isDocument).toBe(true)
    const js = await readRendererFile(root, '/assets/app.js')
    expect(js.ok && js.body.toString()).toBe('console.log(1)')
    expect(js.ok && js.contentType).toBe('text/javascript; charset=utf-8')
    expect(js.ok && js.isDocument).toBe(false)
  })

  it('follows symlinks only while they stay inside', async () => {
    expect((await readRendererFile(root, '/inside-link.js')).ok).toBe(true)
    expect(await readRendererFile(root, '/assets/link.txt')).toEqual({ ok: false, status: 404 })
    expect(await readRendererFile(root, '/up/secret.txt')).toEqual({ ok: false, status: 404 })
  })

  it('answers 404 for missing files and folders, 400 for traversal', async () => {
    expect(await readRendererFile(root, '/nope.js')).toEqual({ ok: false, status: 404 })
    expect(await readRendererFile(root, '/assets')).toEqual({ ok: false, status: 404 })
    expect(await readRendererFile(root, '/%2e%2e/secret.txt')).toEqual({ ok: false, status: 400 })
    expect(await readRendererFile(join(base, 'missing'), '/')).toEqual({ ok: false, status: 404 })
  })
})
