import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { BRIDGE_GLOBAL, IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX } from '../../shared/ipc/bridge'
import { EVENT_NAMES, INVOKE_CHANNELS } from '../../shared/ipc/contract'

// The preload is read as text, never imported: importing it would load Electron's runtime.
const sourcePath = join(__dirname, 'preload.ts')
const source = ts.createSourceFile(
  sourcePath,
  readFileSync(sourcePath, 'utf8'),
  ts.ScriptTarget.Latest,
  true,
)
const compiledPath = resolve(__dirname, '../../dist/electron/electron/shell/preload.js')

/** Module specifiers the preload loads at run time (type-only imports are erased). */
function runtimeImports(file: ts.SourceFile): string[] {
  const found: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)))
      if (!typeOnly) found.push(node.moduleSpecifier.text)
    }
    if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined && !node.isTypeOnly) {
      found.push((node.moduleSpecifier as ts.StringLiteral).text)
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression
      if (callee.kind === ts.SyntaxKind.ImportKeyword) found.push('dynamic import()')
      if (ts.isIdentifier(callee) && callee.text === 'require') found.push('require()')
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

/** The string elements of `const NAME = [...]` in the preload. */
function literalList(name: string): string[] {
  let values: string[] | undefined
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) {
      let init = node.initializer
      while (init !== undefined && (ts.isSatisfiesExpression(init) || ts.isAsExpression(init))) {
        init = init.expression
      }
      if (init !== undefined && ts.isArrayLiteralExpression(init)) {
        values = init.elements.map((element) => {
          if (!ts.isStringLiteral(element)) throw new Error(`${name} must list string literals`)
          return element.text
        })
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  if (values === undefined) throw new Error(`${name} not found in preload.ts`)
  return values
}

/** The value of `const NAME = '...'` in the preload. */
function literalString(name: string): string | undefined {
  let value: string | undefined
  const visit = (node: ts.Node) => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === name &&
      node.initializer !== undefined &&
      ts.isStringLiteral(node.initializer)
    ) {
      value = node.initializer.text
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return value
}

describe('preload', () => {
  it('loads nothing but electron at run time (sandboxed preloads cannot load files)', () => {
    expect(runtimeImports(source)).toEqual(['electron'])
  })

  it('allows exactly the contract channels and events', () => {
    const invoke = literalList('PRELOAD_INVOKE_CHANNELS')
    const events = literalList('PRELOAD_EVENT_NAMES')
    expect(new Set(invoke).size).toBe(invoke.length)
    expect(new Set(events).size).toBe(events.length)
    expect([...invoke].sort()).toEqual([...INVOKE_CHANNELS].sort())
    expect([...events].sort()).toEqual([...EVENT_NAMES].sort())
  })

  it('uses the channel prefixes and global name of shared/ipc/bridge.ts', () => {
    expect(literalString('INVOKE_PREFIX')).toBe(IPC_INVOKE_PREFIX)
    expect(literalString('EVENT_PREFIX')).toBe(IPC_EVENT_PREFIX)
    expect(literalString('BRIDGE_GLOBAL')).toBe(BRIDGE_GLOBAL)
  })

  it('never hands ipcRenderer itself or its event object to the page', () => {
    const text = source.getFullText()
    expect(text).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/)
    expect(text).toContain('listener(payload)')
    expect(text).not.toMatch(/listener\(\s*_?event/)
  })

  it('compiles to one CommonJS file whose only require is electron', (context) => {
    if (!existsSync(compiledPath)) {
      context.skip(`${compiledPath} is not built yet; run \`npm run build\``)
      return
    }
    const compiled = readFileSync(compiledPath, 'utf8')
    const requires = [...compiled.matchAll(/\brequire\s*\(\s*(['"`])([^'"`]*)\1\s*\)/g)].map(
      (match) => match[2],
    )
    expect(requires).toEqual(['electron'])
    expect(compiled).not.toMatch(/\bimport\s*\(/)
    expect(compiled).not.toMatch(/^\s*import\s/m)
  })
})
