import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseMapping, type MappingInput } from '../../../../shared/mapping/mapping-schema'
import { readLoghub } from '../../../../test/helpers/loghub'
import { createLogger } from '../../../platform/logger'
import { fittingMatch, ProfileStore } from './profile-store'

let dir: string
let store: ProfileStore

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logdrop-profiles-'))
  store = new ProfileStore(dir, createLogger({ sink: () => undefined }))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function mapping(input: MappingInput) {
  const parsed = parseMapping(input)
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
  return parsed.mapping
}

const LINUX = mapping({
  version: 1,
  stream: 'Custom-Syslog',
  columns: {
    TimeGenerated: {
      source: { kind: 'template', template: '{Month} {Date} {Time}' },
      type: 'datetime',
      format: { date: 'MMM d HH:mm:ss', year: 2005 },
    },
    Message: { source: { kind: 'field', path: 'Content' }, type: 'string' },
    Level: { source: { kind: 'none' }, type: 'string' },
  },
  unmappedTo: 'Props',
})

describe('ProfileStore', () => {
  it('keeps every choice on disk, "Leave empty", the template and the year included', async () => {
    const saved = await store.save({ name: 'Linux', mapping: LINUX, headers: ['Month'] })
    const onDisk = JSON.parse(
      await readFile(join(dir, 'profiles', `${saved.id}.json`), 'utf8'),
    ) as {
      mapping: unknown
    }
    expect(onDisk.mapping).toEqual(LINUX)
    expect((await store.get(saved.id)).mapping).toEqual(LINUX)
  })

  it('matches a file with other columns only when it has every field the profile reads', async () => {
    const linux = readLoghub('Linux').headers
    const openssh = readLoghub('OpenSSH').headers
    await store.save({ name: 'Linux syslog', mapping: LINUX, headers: linux })
    expect((await store.match(linux))[0]).toMatchObject({ score: 1 })
    // 8 of 11 names in common, but OpenSSH has no Month: the profile would leave TimeGenerated
    // empty. It is listed (naming that), but a file is not tagged with it.
    const partial = await store.match(openssh)
    expect(partial[0]).toMatchObject({ unmappedColumns: ['TimeGenerated'] })
    expect(fittingMatch(partial)).toBeUndefined()
    const reordered = [...linux.filter((h) => h !== 'EventTemplate'), 'Extra']
    expect(fittingMatch(await store.match(reordered))).toMatchObject({ unmappedColumns: [] })
  })
})
