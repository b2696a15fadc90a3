import { readdir, rm, stat, truncate } from 'node:fs/promises'
import { join } from 'node:path'
import { NdjsonAppender } from './ndjson-appender'
import { readLines, scanLineEnds } from './read-lines'

const WORKSPACE_ID = /^[0-9A-Za-z-]{1,64}$/
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/

interface TableFile {
  readonly appender: NdjsonAppender
  rows: number
}

/**
 * Durable, append-only workspace tables: one NDJSON file per table at
 * `<dataDir>/tables/<workspaceCustomerId>/<table>.ndjson`, one stored row per line.
 *
 * Rows are kept on disk only (queries stream the file), so millions of rows cost no memory.
 * Files are re-read on open, and a torn last line from a crash is cut off.
 */
export class TableStore {
  private readonly tables = new Map<string, TableFile>()

  private constructor(
    private readonly root: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Opens the store under `dataDir`, counting the rows already there. */
  static async open(dataDir: string, log: (message: string) => void): Promise<TableStore> {
    const store = new TableStore(join(dataDir, 'tables'), log)
    await store.load()
    return store
  }

  /**
   * Appends rows (already in stored JSON form) to a table; resolves once they are on disk
   * (written and fsynced, batched with concurrent appends), so the caller may acknowledge them.
   */
  async append(
    workspaceId: string,
    table: string,
    rows: ReadonlyArray<Record<string, unknown>>,
  ): Promise<void> {
    if (rows.length === 0) return
    const file = this.file(workspaceId, table)
    await file.appender.append(rows.map((row) => JSON.stringify(row)))
    file.rows += rows.length
  }

  /** Rows stored in a table. */
  rowCount(workspaceId: string, table: string): number {
    return this.tables.get(key(workspaceId, table))?.rows ?? 0
  }

  /** Rows per table per workspace, for the admin counters. */
  counts(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {}
    for (const [name, file] of this.tables) {
      const [workspace, table] = name.split('/') as [string, string]
      ;(out[workspace] ??= {})[table] = file.rows
    }
    return out
  }

  /**
   * Streams a table's rows in insertion order; stops when `onRow` returns false. Rows being
   * written when the call starts are waited for, so a query sees every accepted row.
   */
  async scan(
    workspaceId: string,
    table: string,
    onRow: (row: Record<string, unknown>) => boolean,
  ): Promise<void> {
    const file = this.tables.get(key(workspaceId, table))
    if (file === undefined) return
    await file.appender.flush()
    let size: number
    try {
      size = (await stat(file.appender.path)).size
    } catch {
      return
    }
    await readLines(file.appender.path, size, (line) => {
      let row: unknown
      try {
        row = JSON.parse(line)
      } catch {
        return true
      }
      return typeof row === 'object' && row !== null ? onRow(row as Record<string, unknown>) : true
    })
  }

  /** Resolves when every append in progress is on disk. */
  async flush(): Promise<void> {
    await Promise.all([...this.tables.values()].map((file) => file.appender.flush()))
  }

  /** Deletes every stored row (tests use this between cases). */
  async reset(): Promise<void> {
    const files = [...this.tables.values()]
    this.tables.clear()
    await Promise.all(files.map((file) => file.appender.discard()))
    await rm(this.root, { recursive: true, force: true })
  }

  /** Waits for appends in progress and closes every table file. */
  async close(): Promise<void> {
    await Promise.all([...this.tables.values()].map((file) => file.appender.close()))
  }

  private file(workspaceId: string, table: string): TableFile {
    const name = key(workspaceId, table)
    let file = this.tables.get(name)
    if (file === undefined) {
      file = { appender: new NdjsonAppender(this.pathOf(workspaceId, table)), rows: 0 }
      this.tables.set(name, file)
    }
    return file
  }

  private pathOf(workspaceId: string, table: string): string {
    if (!WORKSPACE_ID.test(workspaceId) || !TABLE_NAME.test(table)) {
      throw new Error(`Invalid workspace or table name: ${workspaceId}/${table}`)
    }
    return join(this.root, workspaceId.toLowerCase(), `${table}.ndjson`)
  }

  private async load(): Promise<void> {
    let workspaces: string[]
    try {
      workspaces = await readdir(this.root)
    } catch {
      return
    }
    for (const workspace of workspaces) {
      if (!WORKSPACE_ID.test(workspace)) continue
      let names: string[]
      try {
        names = await readdir(join(this.root, workspace))
      } catch {
        continue
      }
      for (const name of names) {
        const table = name.replace(/\.ndjson$/, '')
        if (!name.endsWith('.ndjson') || !TABLE_NAME.test(table)) continue
        const path = join(this.root, workspace, name)
        const { lines, validLength } = await scanLineEnds(path)
        const size = (await stat(path)).size
        if (validLength < size) {
          await truncate(path, validLength)
          this.log(
            `table ${workspace}/${table}: cut ${size - validLength} bytes of a torn last row`,
          )
        }
        this.file(workspace, table).rows = lines
      }
    }
  }
}

function key(workspaceId: string, table: string): string {
  return `${workspaceId.toLowerCase()}/${table}`
}
