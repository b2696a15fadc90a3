import { createBooleanCoercer } from './coerce-boolean'
import { createDatetimeCoercer } from './coerce-datetime'
import { createIntCoercer, createLongCoercer, createRealCoercer } from './coerce-number'
import { coerceDynamic, coerceString } from './coerce-text'
import type { Coercer } from './coercion-failure'
import type { ColumnFormat, DcrColumnType } from './mapping-schema'
import { assertNever } from '../util/assert-never'

/** The coercer for a column type with its format options (see each coerce-*.ts for the rules). */
export function createCoercer(type: DcrColumnType, format: ColumnFormat = {}): Coercer {
  const numberFormat = {
    ...(format.decimal === undefined ? {} : { decimal: format.decimal }),
    ...(format.thousands === undefined ? {} : { thousands: format.thousands }),
  }
  switch (type) {
    case 'string':
      return coerceString
    case 'int':
      return createIntCoercer(numberFormat)
    case 'long':
      return createLongCoercer(numberFormat)
    case 'real':
      return createRealCoercer(numberFormat)
    case 'boolean':
      return createBooleanCoercer(format.booleanTrue, format.booleanFalse)
    case 'datetime':
      return createDatetimeCoercer(format.date, format.timezone, format.year)
    case 'dynamic':
      return coerceDynamic
    default:
      return assertNever(type, 'Unknown column type')
  }
}
