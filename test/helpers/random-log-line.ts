import { compileTestMapping } from './test-mapping'
import { mutate, pick, randomObject, type Random } from './random-json'

/** The time the direct writers' differential tests prepare at. */
export const LOG_LINE_NOW = Date.parse('2026-11-25T12:00:00.000Z')

/** A mapping of the log lines below whose every column has a direct form. */
export const logLineMapping = compileTestMapping(
  {
    Time: { source: { kind: 'field', path: 't' }, type: 'datetime' },
    Level: { source: { kind: 'field', path: 'level' }, type: 'int' },
    Host: { source: { kind: 'field', path: 'host' }, type: 'string' },
    Props: { source: { kind: 'field', path: 'p' }, type: 'dynamic' },
  },
  { column: 'Time' },
)

/** A log line: mostly records the direct writer takes, some it leaves, some broken. */
export function randomLogLine(random: Random): string {
  const roll = random()
  if (roll < 0.03) return ''
  if (roll < 0.06) return pick(random, ['  ', '[1,2]', '"text"', 'null', '{broken', '\t'])
  // Most within the time window (2 days back), some outside it.
  const time = new Date(LOG_LINE_NOW - Math.floor(random() * 2.5 * 86_400_000)).toISOString()
  const fields = [
    `"t":${JSON.stringify(random() < 0.9 ? time : time.slice(0, 19))}`,
    `"level":${pick(random, ['1', '3', '1', '3', '"4"', '2.5', '-0', '99999999999'])}`,
    `"host":${pick(random, ['"web-1"', '"web-2"', '"a\\"b"', '"caf\\u00e9"', '""', '7', 'null'])}`,
    `"p":${randomObject(random, 1, 0.01, 0.02)}`,
    `"extra":${pick(random, ['1', '"x"', '{"a":[1,2]}', 'true'])}`,
  ].filter(() => random() < 0.9)
  const text = `{${fields.join(random() < 0.1 ? ', ' : ',')}}${random() < 0.1 ? '\r' : ''}`
  return random() < 0.05 ? mutate(random, text) : text
}
