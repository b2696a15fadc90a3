import type { InvokeHandlers } from '../../ipc/dispatch'
import type { ProfileStore } from '../profiles/profile-store'
import type { Downloads } from './downloads'
import type { FilesService } from './files-service'

type FilesChannel = Extract<
  keyof InvokeHandlers,
  `files:${string}` | `mapping:${string}` | `profiles:${string}`
>

/** The `files:*`, `mapping:*` and `profiles:*` requests. */
export function createFilesHandlers(
  files: FilesService,
  profiles: ProfileStore,
  downloads: Downloads,
): Pick<InvokeHandlers, FilesChannel> {
  return {
    'files:add': ({ paths }) => files.addPaths(paths),
    'files:pick': (request) => files.pick(request?.multiple ?? true),
    'files:list': () => files.list(),
    'files:remove': async ({ fileId }) => ({ removed: await files.remove(fileId) }),
    'files:set-options': ({ fileId, options }) => files.setOptions(fileId, options),
    'files:preview': ({ fileId, limit }) => files.preview(fileId, limit),
    'mapping:suggest': ({ fileId, stream, streamColumns }) =>
      files.suggest(fileId, stream, streamColumns),
    'mapping:dry-run': ({ fileId, mapping, streamColumns, top }) =>
      files.dryRun(fileId, mapping, streamColumns, top ?? 20),
    'mapping:dry-run-cancel': ({ fileId }) => ({ cancelled: files.cancelDryRun(fileId) }),
    'mapping:export': ({ mapping, fileName }) =>
      downloads.save(
        fileName ?? `${mapping.stream}.mapping.json`,
        'application/json; charset=utf-8',
        { name: 'Mapping', extensions: ['json'] },
        async (out) => {
          out.write(`${JSON.stringify(mapping, null, 2)}\n`)
          return undefined
        },
      ),
    'profiles:list': () => profiles.list(),
    'profiles:save': async (request) =>
      profiles.save({
        id: request.id,
        name: request.name,
        mapping: request.mapping,
        headers: request.headers ?? files.get(request.fileId as string).entry.headers,
        fileOptions:
          request.fileOptions ??
          (request.fileId === undefined ? undefined : files.get(request.fileId).entry.options),
      }),
    'profiles:delete': async ({ id }) => ({ deleted: await profiles.delete(id) }),
    'profiles:match': ({ fileId }) => profiles.match(files.get(fileId).entry.headers),
  }
}
