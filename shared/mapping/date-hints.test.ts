import { describe, expect, it } from 'vitest'
import { candidatePatterns, inferDateFormat } from './date-hints'
import { inferColumnType } from './infer-type'

describe('inferDateFormat', () => {
  it('reads the layouts real logs use', () => {
    expect(inferDateFormat(['Sun Dec 04 04:47:44 2005'])?.date).toBe('EEE MMM dd HH:mm:ss yyyy')
    expect(inferDateFormat(['Jun 14 15:16:01', 'Jun 9 15:16:01'])?.date).toBe('MMM d HH:mm:ss')
    expect(inferDateFormat(['081109 203615'])?.date).toBe('yyMMdd HHmmss')
    expect(inferDateFormat(['2005-06-03-15.42.50.675872'])?.date).toBe('yyyy-MM-dd-HH.mm.ss.ffffff')
    expect(candidatePatterns('free text with 123 numbers')).toEqual([])
  })
  it('puts a 2-digit year where the times lie closest, year first when nothing tells', () => {
    // Read as dd/MM/yy these are a year apart; as yy/MM/dd a day.
    expect(inferDateFormat(['13/06/17 23:59:59', '14/06/17 00:00:01'])).toEqual({
      date: 'dd/MM/yy HH:mm:ss',
      fits: 1,
    })
    const spark = inferDateFormat(['17/06/09 20:10:40', '17/06/09 20:10:41'])
    expect(spark?.date).toBe('yy/MM/dd HH:mm:ss')
    expect(spark?.note).toMatch(/also read as dd\/MM\/yy/)
  })
  it('never guesses day/month order with the year last', () => {
    const open = inferDateFormat(['03/04/2024 10:00', '03/05/2024 10:00'])
    expect(open?.date).toBeUndefined()
    expect(open?.note).toMatch(/dd\/MM\/yyyy HH:mm/)
    expect(open?.note).toMatch(/MM\/dd\/yyyy HH:mm/)
  })
  it('is what inferColumnType proposes for text times, from all values not the first', () => {
    const values = ['17/06/09 20:10:40', '17/06/09 20:10:41', '17/06/10 00:00:02']
    expect(inferColumnType(values)).toMatchObject({
      type: 'datetime',
      format: { date: 'yy/MM/dd HH:mm:ss' },
    })
    expect(inferColumnType(['15:16:01', '15:16:02']).type).toBe('string')
  })
})
