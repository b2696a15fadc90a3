import type { DcrColumnType } from './mapping-schema'

/**
 * A mapped column in the form the engine's direct writer uses: most log records already hold
 * values in the form the mapping would send (canonical times, plain numbers, compact JSON), and
 * copying their text is several times cheaper than JSON.parse, map and JSON.stringify. The
 * compiled mapping offers this only where its rules allow it; the writer still falls back to
 * the map function for any record whose values need more than a copy, so both give the same
 * bytes.
 */
export type DirectColumn =
  | {
      /** A top-level field of the source record. */
      readonly kind: 'field'
      readonly name: string
      readonly field: string
      readonly type: DcrColumnType
      /** A missing or empty value fails the record (the map function says why). */
      readonly required: boolean
      /** Checked against the time window. */
      readonly isTime: boolean
      /** A string column that sends "" instead of leaving it out. */
      readonly keepEmpty: boolean
      /**
       * Text is read by the default rules (no decimal, thousands or boolean words set), so a
       * CSV cell in the sent form can be copied too.
       */
      readonly defaultTextRules: boolean
    }
  | {
      /** A constant: the same JSON in every record, or left out (undefined). */
      readonly kind: 'fixed'
      readonly name: string
      readonly json: string | undefined
    }
  | {
      /** The mapping time. */
      readonly kind: 'now'
      readonly name: string
    }
