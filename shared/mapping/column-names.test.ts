import { describe, expect, it } from 'vitest'
import { checkColumnName, suggestColumnName } from './column-names'

describe('checkColumnName', () => {
  it('accepts valid names', () => {
    expect(checkColumnName('TimeGenerated')).toEqual([])
    expect(checkColumnName('a_1')).toEqual([])
    expect(checkColumnName('x'.repeat(45))).toEqual([])
  })
  it('explains each broken rule', () => {
    expect(checkColumnName('')).toEqual(['The name is empty.'])
    expect(checkColumnName('1st')).toEqual(['It must start with a letter.'])
    expect(checkColumnName('user name.first')).toEqual([
      'Only letters, digits and _ are allowed (found space, ".").',
    ])
    expect(checkColumnName('x'.repeat(46))).toEqual([
      'It has 46 characters; at most 45 are allowed.',
    ])
    expect(checkColumnName('type')).toEqual(['type is a reserved name.'])
    expect(checkColumnName('_ResourceId')).toEqual([
      'It must start with a letter.',
      '_ResourceId is a reserved name.',
    ])
  })
})

describe('suggestColumnName', () => {
  it('proposes a valid name close to the original', () => {
    for (const name of ['user name', '1st', 'Type', '@timestamp', '', 'é', 'x'.repeat(60)]) {
      expect(checkColumnName(suggestColumnName(name))).toEqual([])
    }
    expect(suggestColumnName('user name')).toBe('user_name')
    expect(suggestColumnName('@timestamp')).toBe('timestamp')
    expect(suggestColumnName('1st')).toBe('c1st')
    expect(suggestColumnName('Type')).toBe('Type_s')
  })
})
