import { describe, expect, it } from 'vitest'
import { errorData } from '../../../../shared/errors/app-error'
import type { FileEntry, FileId } from '../../../../shared/models/files'
import { delimiterLabel, encodingSummary, isDelimited } from './file-labels'
import { NO_DRAG, carriesFiles, dragReducer, isDragging } from './drag-state'
import {
  INITIAL_FILES_STATE,
  acceptedFiles,
  filesReducer,
  mergeEntries,
  type FilesState,
} from './files-state'
import { previewKey, previewsReducer } from './previews-state'

function id(n: number): FileId {
  return `f-${String(n).padStart(24, '0')}`
}

function entry(n: number, patch: Partial<FileEntry> = {}): FileEntry {
  return {
    id: id(n),
    name: `file-${n}.csv`,
    size: 100 * n,
    origin: 'uploaded',
    addedAt: '2026-01-01T00:00:00Z',
    detected: {
      format: 'csv',
      encoding: 'utf-8',
      gzip: false,
      bom: false,
      delimiter: ',',
      formatReason: 'the first line has 3 commas',
    },
    options: {},
    headers: ['a', 'b'],
    headerSignature: 'sig-ab',
    rejection: null,
    profileMatch: null,
    ...patch,
  }
}

const BINARY = entry(9, { detected: null, rejection: errorData('parse/binary-file'), headers: [] })

function listed(entries: FileEntry[]): FilesState {
  return filesReducer(INITIAL_FILES_STATE, { type: 'listed', result: { ok: true, value: entries } })
}

describe('filesReducer', () => {
  it('lists the main side’s files and previews the first usable one', () => {
    const state = listed([BINARY, entry(1), entry(2)])
    expect(state.load).toBe('ready')
    expect(state.selected).toBe(id(1))
    expect(acceptedFiles(state.entries).map((e) => e.name)).toEqual(['file-1.csv', 'file-2.csv'])
  })

  it('adds files in order, replaces known ones and shows the first new usable file', () => {
    let state = listed([entry(1)])
    state = filesReducer(state, {
      type: 'added',
      entries: [BINARY, entry(2), entry(1, { size: 5 })],
    })
    expect(state.entries.map((e) => e.id)).toEqual([id(1), id(9), id(2)])
    expect(state.entries[0]?.size).toBe(5)
    expect(state.selected).toBe(id(2))
    expect(state.lastAdded).toEqual([id(9), id(2), id(1)])
  })

  it('follows a browser upload from its first byte to the registered entry', () => {
    let state = listed([])
    state = filesReducer(state, {
      type: 'upload-started',
      key: 'u1',
      name: 'big.ndjson',
      size: 1000,
    })
    state = filesReducer(state, { type: 'upload-progress', key: 'u1', loaded: 400 })
    expect(state.uploading).toEqual([
      { key: 'u1', name: 'big.ndjson', size: 1000, loaded: 400, error: null },
    ])
    state = filesReducer(state, {
      type: 'upload-finished',
      key: 'u1',
      result: { ok: true, value: entry(3) },
    })
    expect(state.uploading).toEqual([])
    expect(state.entries.map((e) => e.id)).toEqual([id(3)])
    expect(state.selected).toBe(id(3))
  })

  it('keeps a failed upload with its reason until dismissed', () => {
    let state = filesReducer(listed([]), { type: 'upload-started', key: 'u1', name: 'x', size: 1 })
    state = filesReducer(state, {
      type: 'upload-finished',
      key: 'u1',
      result: { ok: false, error: errorData('files/upload-failed') },
    })
    expect(state.uploading[0]?.error?.code).toBe('files/upload-failed')
    state = filesReducer(state, { type: 'upload-dismissed', key: 'u1' })
    expect(state.uploading).toEqual([])
  })

  it('moves the preview on when the previewed file is removed', () => {
    let state = listed([entry(1), entry(2)])
    state = filesReducer(state, { type: 'removed', fileId: id(1) })
    expect(state.selected).toBe(id(2))
    state = filesReducer(state, { type: 'removed', fileId: id(2) })
    expect(state.selected).toBeNull()
  })

  it('tracks an options change and keeps the old entry when it fails', () => {
    let state = filesReducer(listed([entry(1)]), { type: 'options-requested', fileId: id(1) })
    expect(state.changing).toEqual([id(1)])
    state = filesReducer(state, {
      type: 'options-set',
      fileId: id(1),
      result: { ok: true, value: entry(1, { options: { delimiter: ';' } }) },
    })
    expect(state.changing).toEqual([])
    expect(state.entries[0]?.options).toEqual({ delimiter: ';' })
    state = filesReducer(state, {
      type: 'options-set',
      fileId: id(1),
      result: { ok: false, error: errorData('files/not-registered') },
    })
    expect(state.error?.code).toBe('files/not-registered')
    expect(state.entries[0]?.options).toEqual({ delimiter: ';' })
  })

  it('keeps the list when a reload fails', () => {
    const state = filesReducer(listed([entry(1)]), {
      type: 'listed',
      result: { ok: false, error: errorData('ipc/disconnected') },
    })
    expect(state.load).toBe('ready')
    expect(state.entries).toHaveLength(1)
  })

  it('merges by id', () => {
    expect(mergeEntries([entry(1)], [entry(1, { name: 'renamed' })]).map((e) => e.name)).toEqual([
      'renamed',
    ])
  })
})

describe('previews', () => {
  it('fetches again when the way the file is read changes, and drops late answers', () => {
    const key = previewKey(entry(1))
    expect(previewKey(entry(1, { options: { delimiter: ';' } }))).not.toBe(key)
    let state = previewsReducer({}, { type: 'requested', fileId: id(1), key })
    const stale = previewsReducer(state, {
      type: 'answered',
      fileId: id(1),
      key: 'old',
      result: { ok: false, error: errorData('files/unreadable') },
    })
    expect(stale).toBe(state)
    state = previewsReducer(state, {
      type: 'answered',
      fileId: id(1),
      key,
      result: { ok: false, error: errorData('files/unreadable') },
    })
    expect(state[id(1)]?.status).toBe('failed')
    expect(previewsReducer(state, { type: 'forgotten', fileId: id(1) })).toEqual({})
  })
})

describe('the drop overlay', () => {
  it('shows while files are dragged over, through enters and leaves of child elements', () => {
    let state = dragReducer(NO_DRAG, { type: 'enter', hasFiles: true })
    state = dragReducer(state, { type: 'enter', hasFiles: true })
    state = dragReducer(state, { type: 'leave' })
    expect(isDragging(state)).toBe(true)
    state = dragReducer(state, { type: 'leave' })
    expect(isDragging(state)).toBe(false)
    expect(dragReducer(state, { type: 'leave' })).toBe(state)
    expect(isDragging(dragReducer(NO_DRAG, { type: 'enter', hasFiles: false }))).toBe(false)
    state = dragReducer(dragReducer(NO_DRAG, { type: 'enter', hasFiles: true }), { type: 'drop' })
    expect(isDragging(state)).toBe(false)
    expect(carriesFiles(['text/plain', 'Files'])).toBe(true)
    expect(carriesFiles(['text/uri-list'])).toBe(false)
  })
})

describe('file labels', () => {
  it('says what was detected', () => {
    expect(delimiterLabel('\t')).toBe('Tab')
    expect(delimiterLabel('#')).toBe('“#”')
    expect(
      encodingSummary({
        format: 'csv',
        encoding: 'utf-16le',
        gzip: true,
        bom: true,
        formatReason: '',
        sepLine: true,
      }),
    ).toBe('UTF-16 LE with BOM, gzip-compressed, Excel “sep=” line skipped')
    expect(isDelimited(entry(1))).toBe(true)
    expect(isDelimited(entry(1, { options: { format: 'ndjson' } }))).toBe(false)
  })
})
