import { describe, expect, it } from 'vitest'
import { parseCli } from './cli-args'

describe('parseCli', () => {
  it('reads an upload with every option', () => {
    expect(
      parseCli([
        'upload',
        'a.ndjson',
        'b.csv.gz',
        '--endpoint',
        'https://dce.example',
        '--rule',
        'dcr-1',
        '--stream',
        'Custom-X',
        '--mapping',
        'm.json',
        '--concurrency',
        '12',
        '--gzip-level',
        '3',
        '--format',
        'csv',
        '--delimiter',
        ';',
        '--json',
        '--dry-run',
        '--data-dir',
        '/d',
      ]),
    ).toEqual({
      command: 'upload',
      files: ['a.ndjson', 'b.csv.gz'],
      endpoint: 'https://dce.example',
      dcr: 'dcr-1',
      stream: 'Custom-X',
      mapping: 'm.json',
      concurrency: 12,
      gzipLevel: 3,
      format: 'csv',
      delimiter: ';',
      dryRun: true,
      emulator: false,
      json: true,
      verbose: false,
      dataDir: '/d',
    })
  })

  it('takes target defaults from the Azure environment variables, flags first', () => {
    const env = {
      AZURE_DCE_ENDPOINT: 'https://env.example',
      AZURE_DCR_RULE_ID: 'dcr-env',
      AZURE_DCR_STREAM_NAME: 'Custom-Env',
    }
    expect(parseCli(['upload', 'f', '--stream', 'Custom-Flag'], env)).toMatchObject({
      endpoint: 'https://env.example',
      dcr: 'dcr-env',
      stream: 'Custom-Flag',
    })
  })

  it('reads --emulator with and without a folder', () => {
    expect(parseCli(['upload', 'f', '--emulator'])).toMatchObject({ emulator: true })
    expect(parseCli(['upload', 'f', '--emulator=/tmp/emu'])).toMatchObject({
      emulator: true,
      emulatorDir: '/tmp/emu',
    })
    expect(parseCli(['upload', '--resume', 'job-2', '--json'])).toMatchObject({
      command: 'resume',
      jobId: 'job-2',
      json: true,
    })
    expect(parseCli(['resume', 'job-1', '--emulator-dir', '/e'])).toMatchObject({
      command: 'resume',
      jobId: 'job-1',
      emulator: true,
      emulatorDir: '/e',
    })
  })

  it('reads the failed-record commands', () => {
    expect(
      parseCli(['failed', 'export', 'j', '--format', 'csv', '--cause', 'http-400']),
    ).toMatchObject({
      command: 'failed-export',
      jobId: 'j',
      format: 'csv',
      causes: ['http-400'],
    })
    expect(parseCli(['failed', 'retry', 'j', '--ids', '0:1, 0:2'])).toMatchObject({
      command: 'failed-retry',
      ids: ['0:1', '0:2'],
    })
    expect(parseCli(['failed', 'list', 'j'])).toMatchObject({ command: 'failed-list', jobId: 'j' })
    expect(parseCli(['jobs'])).toMatchObject({ command: 'jobs' })
    expect(parseCli([])).toEqual({ command: 'help' })
    expect(parseCli(['--version'])).toEqual({ command: 'version' })
  })

  it('reads --encoding, with the names editors give Latin-1', () => {
    for (const [name, encoding] of [
      ['utf-16le', 'utf-16le'],
      ['UTF8', 'utf-8'],
      ['latin1', 'windows-1252'],
      ['cp1252', 'windows-1252'],
      ['Windows-1252', 'windows-1252'],
    ]) {
      expect(parseCli(['upload', 'f.csv', '--encoding', name as string])).toMatchObject({
        command: 'upload',
        encoding,
      })
    }
  })

  it('refuses bad input with a message for the terminal', () => {
    const cases: Array<[string[], RegExp]> = [
      [['upload'], /at least one file/],
      [['upload', 'f', '--concurrency', '0'], /--concurrency must be 1 to 64/],
      [['upload', 'f', '--gzip-level', '10'], /--gzip-level must be auto or 1 to 9/],
      [['upload', 'f', '--format', 'xml'], /--format must be one of/],
      [['upload', 'f', '--delimiter', ';;'], /one character/],
      [['upload', 'f', '--encoding', 'ebcdic'], /--encoding must be one of utf-8/],
      [['failed', 'export', 'j', '--cause', 'nope'], /--cause must be one of/],
      [['failed', 'export'], /needs a job id/],
      [['resume'], /needs a job id/],
      [['failed', 'what'], /list, export or retry/],
      [['frobnicate'], /Unknown command/],
      [['upload', 'f', '--bogus'], /Unknown option/],
    ]
    for (const [argv, message] of cases) {
      expect(() => parseCli(argv), argv.join(' ')).toThrow(
        expect.objectContaining({
          code: 'upload/bad-arguments',
          message: expect.stringMatching(message),
        }),
      )
    }
  })
})
