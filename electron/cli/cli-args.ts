import { parseArgs } from 'node:util'
import { AppError } from '../../shared/errors/app-error'
import { TEXT_ENCODINGS, type TextEncodingName } from '../../shared/models/files'
import {
  FAILURE_CAUSES,
  SOURCE_FORMATS,
  type GzipLevelChoice,
  type SourceFormat,
} from '../../shared/models/upload-job'

/** Options shared by every command that talks to Azure or the emulator. */
export interface ConnectionArgs {
  /** `--emulator`: use the local emulator's credentials, CA and (by default) endpoints. */
  readonly emulator: boolean
  readonly emulatorDir?: string
  readonly audience?: string
}

export interface CommonArgs {
  readonly dataDir?: string
  readonly json: boolean
  readonly verbose: boolean
}

export type CliCommand =
  | { readonly command: 'help' }
  | { readonly command: 'version' }
  | ({
      readonly command: 'upload'
      readonly files: readonly string[]
      readonly endpoint?: string
      readonly dcr?: string
      readonly stream?: string
      readonly mapping?: string
      readonly dcrResourceId?: string
      readonly concurrency?: number
      readonly gzipLevel?: GzipLevelChoice
      readonly format?: SourceFormat
      readonly delimiter?: string
      readonly encoding?: TextEncodingName
      readonly label?: string
      readonly dryRun: boolean
    } & ConnectionArgs &
      CommonArgs)
  | ({ readonly command: 'resume'; readonly jobId: string } & ConnectionArgs & CommonArgs)
  | ({ readonly command: 'jobs' } & CommonArgs)
  | ({ readonly command: 'failed-list'; readonly jobId: string } & CommonArgs)
  | ({
      readonly command: 'failed-export'
      readonly jobId: string
      readonly format: 'ndjson' | 'csv'
      readonly out?: string
      readonly causes?: readonly string[]
    } & CommonArgs)
  | ({
      readonly command: 'failed-retry'
      readonly jobId: string
      readonly causes?: readonly string[]
      readonly ids?: readonly string[]
      readonly mapping?: string
    } & ConnectionArgs &
      CommonArgs)

/** Environment variables the Azure tools use for the same settings. */
export interface CliEnv {
  readonly AZURE_DCE_ENDPOINT?: string
  readonly AZURE_DCR_RULE_ID?: string
  readonly AZURE_DCR_STREAM_NAME?: string
}

export const USAGE = `Usage: logdrop <command> [options]

Commands:
  upload <files...>            Upload JSON, NDJSON, CSV or TSV files (optionally .gz)
  resume <jobId>               Continue an interrupted, stopped or cancelled upload
  jobs                         List uploads: finished, running and interrupted
  failed list <jobId>          Failed records of an upload, grouped by cause
  failed export <jobId>        Write failed records as NDJSON or CSV
  failed retry <jobId>         Send failed records again, as a new upload

upload options:
  --endpoint URL               Logs ingestion endpoint (DCE or DCR)   [env AZURE_DCE_ENDPOINT]
  --dcr, --rule ID             DCR immutable id (dcr-...)             [env AZURE_DCR_RULE_ID]
  --stream NAME                Stream, e.g. Custom-MyTable            [env AZURE_DCR_STREAM_NAME]
  --mapping FILE               Mapping JSON; without it, fields are matched to the stream's
                               columns by name (case-insensitive) when the columns are known
  --dcr-resource-id ID         DCR ARM id, to read the stream's columns (Azure only)
  --concurrency N              Requests in flight, 1-64 (default 8)
  --gzip-level auto|1-9        Compression (default auto: adapts while uploading)
  --format json|ndjson|csv|tsv Source format (default: detected)
  --delimiter C                CSV delimiter (default: detected)
  --encoding NAME              utf-8, utf-16le, utf-16be or windows-1252 (Latin-1)
                               (default: detected; Windows-1252 is never guessed)
  --label TEXT                 A name for the job in the history
  --dry-run                    Read, map and check everything; send nothing
  --resume JOB_ID              Same as logdrop resume JOB_ID

Connection (upload, resume, failed retry):
  --emulator                   Use the local emulator (its emulator.json: origin, CA,
                               service principal); --emulator=DIR for another data folder
  --emulator-dir DIR           The emulator's data folder
  --audience URL               Token audience (default https://monitor.azure.com)
  Without --emulator, credentials come from DefaultAzureCredential (AZURE_TENANT_ID,
  AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_AUTHORITY_HOST, az login, managed identity).

failed options:
  --format ndjson|csv          Export format (export; default ndjson)
  --out FILE                   Export to a file instead of stdout
  --cause CAUSE                Only records with this cause (repeatable)
  --ids ID,ID                  Only these record ids (retry)
  --mapping FILE               A corrected mapping for records that failed validation (retry)

Common:
  --json                       Print the result as JSON on stdout
  --data-dir DIR               LogDrop's data folder (default: the app's; env LOGDROP_DATA_DIR)
  --verbose                    Log every retry to stderr
  -h, --help                   This help
  --version                    LogDrop's version

Exit codes: 0 every record accepted, 2 some records failed or were not sent (see the failed
store), 1 an error before sending, 130 cancelled with Ctrl-C.
`

const OPTIONS = {
  endpoint: { type: 'string' },
  dcr: { type: 'string' },
  rule: { type: 'string' },
  stream: { type: 'string' },
  mapping: { type: 'string' },
  'dcr-resource-id': { type: 'string' },
  concurrency: { type: 'string' },
  'gzip-level': { type: 'string' },
  format: { type: 'string' },
  delimiter: { type: 'string' },
  encoding: { type: 'string' },
  label: { type: 'string' },
  'dry-run': { type: 'boolean' },
  resume: { type: 'string' },
  emulator: { type: 'boolean' },
  'emulator-dir': { type: 'string' },
  audience: { type: 'string' },
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
  verbose: { type: 'boolean' },
  out: { type: 'string' },
  cause: { type: 'string', multiple: true },
  ids: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const

function bad(message: string): AppError {
  return new AppError('upload/bad-arguments', message, { userText: message })
}

/** `--emulator=DIR` is `--emulator --emulator-dir DIR` (parseArgs has no optional values). */
function expandEmulator(argv: readonly string[]): string[] {
  return argv.flatMap((arg) =>
    arg.startsWith('--emulator=') ? ['--emulator', '--emulator-dir', arg.slice(11)] : [arg],
  )
}

function parseConcurrency(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw bad(`--concurrency must be 1 to 64, not ${value}.`)
  return n
}

/** `latin1` / `latin-1` / `cp1252` name Windows-1252 too, as editors call it. */
function parseEncoding(value: string | undefined): TextEncodingName | undefined {
  if (value === undefined) return undefined
  const name = value.toLowerCase().replace(/_/g, '-')
  if (['latin1', 'latin-1', 'iso-8859-1', 'cp1252'].includes(name)) return 'windows-1252'
  if (name === 'utf8') return 'utf-8'
  if ((TEXT_ENCODINGS as readonly string[]).includes(name)) return name as TextEncodingName
  throw bad(`--encoding must be one of ${TEXT_ENCODINGS.join(', ')} (or latin1); not ${value}.`)
}

function parseGzip(value: string | undefined): GzipLevelChoice | undefined {
  if (value === undefined) return undefined
  if (value === 'auto') return 'auto'
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 9)
    throw bad(`--gzip-level must be auto or 1 to 9, not ${value}.`)
  return n
}

function parseCauses(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined
  for (const cause of values) {
    if (!(FAILURE_CAUSES as readonly string[]).includes(cause)) {
      throw bad(`--cause must be one of ${FAILURE_CAUSES.join(', ')}; not ${cause}.`)
    }
  }
  return [...values]
}

/**
 * Reads the command line into a command. Throws `upload/bad-arguments` with a message meant
 * for the person at the terminal.
 */
export function parseCli(argv: readonly string[], env: CliEnv = {}): CliCommand {
  let parsed
  try {
    parsed = parseArgs({ args: expandEmulator(argv), options: OPTIONS, allowPositionals: true })
  } catch (error) {
    throw bad((error as Error).message)
  }
  const { values, positionals } = parsed
  if (values.version === true) return { command: 'version' }
  const [command, ...rest] = positionals
  if (values.help === true || command === undefined || command === 'help')
    return { command: 'help' }

  const common: CommonArgs = {
    json: values.json === true,
    verbose: values.verbose === true,
    ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
  }
  const connection: ConnectionArgs = {
    emulator: values.emulator === true || values['emulator-dir'] !== undefined,
    ...(values['emulator-dir'] === undefined ? {} : { emulatorDir: values['emulator-dir'] }),
    ...(values.audience === undefined ? {} : { audience: values.audience }),
  }
  const jobIdOf = (name: string) => {
    const id = name === 'resume' ? rest[0] : rest[1]
    if (id === undefined) throw bad(`${name} needs a job id (see logdrop jobs).`)
    return id
  }

  switch (command) {
    case 'upload': {
      // `upload --resume ID` (the spelling) is `resume ID`.
      if (values.resume !== undefined) {
        return { command: 'resume', jobId: values.resume, ...connection, ...common }
      }
      if (rest.length === 0) throw bad('upload needs at least one file.')
      const format = values.format
      if (format !== undefined && !(SOURCE_FORMATS as readonly string[]).includes(format)) {
        throw bad(`--format must be one of ${SOURCE_FORMATS.join(', ')}; not ${format}.`)
      }
      if (values.delimiter !== undefined && [...values.delimiter].length !== 1) {
        throw bad('--delimiter must be one character.')
      }
      const encoding = parseEncoding(values.encoding)
      const endpoint = values.endpoint ?? env.AZURE_DCE_ENDPOINT
      const dcr = values.dcr ?? values.rule ?? env.AZURE_DCR_RULE_ID
      const stream = values.stream ?? env.AZURE_DCR_STREAM_NAME
      const concurrency = parseConcurrency(values.concurrency)
      const gzipLevel = parseGzip(values['gzip-level'])
      return {
        command: 'upload',
        files: rest,
        ...(endpoint === undefined || endpoint === '' ? {} : { endpoint }),
        ...(dcr === undefined || dcr === '' ? {} : { dcr }),
        ...(stream === undefined || stream === '' ? {} : { stream }),
        ...(values.mapping === undefined ? {} : { mapping: values.mapping }),
        ...(values['dcr-resource-id'] === undefined
          ? {}
          : { dcrResourceId: values['dcr-resource-id'] }),
        ...(concurrency === undefined ? {} : { concurrency }),
        ...(gzipLevel === undefined ? {} : { gzipLevel }),
        ...(format === undefined ? {} : { format: format as SourceFormat }),
        ...(values.delimiter === undefined ? {} : { delimiter: values.delimiter }),
        ...(encoding === undefined ? {} : { encoding }),
        ...(values.label === undefined ? {} : { label: values.label }),
        dryRun: values['dry-run'] === true,
        ...connection,
        ...common,
      }
    }
    case 'resume':
      return { command: 'resume', jobId: jobIdOf('resume'), ...connection, ...common }
    case 'jobs':
      return { command: 'jobs', ...common }
    case 'failed': {
      const sub = rest[0]
      if (sub === 'list')
        return { command: 'failed-list', jobId: jobIdOf('failed list'), ...common }
      if (sub === 'export') {
        const format = values.format ?? 'ndjson'
        if (format !== 'ndjson' && format !== 'csv') throw bad('--format must be ndjson or csv.')
        const causes = parseCauses(values.cause)
        return {
          command: 'failed-export',
          jobId: jobIdOf('failed export'),
          format,
          ...(values.out === undefined ? {} : { out: values.out }),
          ...(causes === undefined ? {} : { causes }),
          ...common,
        }
      }
      if (sub === 'retry') {
        const causes = parseCauses(values.cause)
        const ids = values.ids
          ?.split(',')
          .map((id) => id.trim())
          .filter((id) => id !== '')
        return {
          command: 'failed-retry',
          jobId: jobIdOf('failed retry'),
          ...(causes === undefined ? {} : { causes }),
          ...(ids === undefined ? {} : { ids }),
          ...(values.mapping === undefined ? {} : { mapping: values.mapping }),
          ...connection,
          ...common,
        }
      }
      throw bad('failed needs list, export or retry.')
    }
    default:
      throw bad(`Unknown command ${command}. Run logdrop --help.`)
  }
}
