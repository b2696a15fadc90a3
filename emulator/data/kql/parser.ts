import type { Expr, NamedExpr, Operator, QueryAst, SortKey } from './ast'
import { KqlError } from './kql-error'
import { tokenize, type Token } from './tokenizer'

const COMPARISON_PUNCT = new Set(['==', '!=', '<>', '<', '<=', '>', '>=', '=~', '!~'])

/** String operators written as words (`a contains "x"`), with their negated forms. */
export const STRING_OPERATORS = new Set([
  'contains',
  '!contains',
  'contains_cs',
  '!contains_cs',
  'has',
  '!has',
  'has_cs',
  '!has_cs',
  'hasprefix',
  '!hasprefix',
  'hassuffix',
  '!hassuffix',
  'startswith',
  '!startswith',
  'startswith_cs',
  '!startswith_cs',
  'endswith',
  '!endswith',
  'endswith_cs',
  '!endswith_cs',
  'matches regex',
])

const LIST_OPERATORS = new Set(['in', '!in', 'in~', '!in~', 'has_any'])

/** Tabular operators that exist in KQL but not in the emulator, for a clear message. */
const UNSUPPORTED_OPERATORS = new Set([
  'join',
  'union',
  'lookup',
  'parse',
  'parse-where',
  'parse-kv',
  'mv-expand',
  'mv-apply',
  'make-series',
  'render',
  'evaluate',
  'as',
  'invoke',
  'sample',
  'sample-distinct',
  'search',
  'find',
  'serialize',
  'facet',
  'fork',
  'getschema',
  'project-keep',
  'project-reorder',
  'top-nested',
  'top-hitters',
  'reduce',
  'scan',
  'partition',
  'range',
  'print',
  'datatable',
  'externaldata',
  'consume',
])

/** Parses a KQL query (`Table | op | op ...` or `source | ...`) into an AST. */
export function parseQuery(text: string): QueryAst {
  return new Parser(tokenize(text)).parseQuery()
}

/** Parses a single scalar expression (used by tests and the timespan helpers). */
export function parseExpression(text: string): Expr {
  const parser = new Parser(tokenize(text))
  const expr = parser.parseExpr()
  parser.expectEnd()
  return expr
}

class Parser {
  private index = 0

  constructor(private readonly tokens: readonly Token[]) {}

  parseQuery(): QueryAst {
    const first = this.peek()
    if (first.kind === 'ident' && first.text === 'let') {
      throw new KqlError('unsupported', "'let' statements are not supported", first.offset, 'let')
    }
    const source = this.parseName('a table name')
    const operators: Operator[] = []
    while (this.isPunct('|')) {
      this.next()
      operators.push(this.parseOperator())
    }
    if (this.isPunct(';')) this.next()
    this.expectEnd()
    return { source, operators }
  }

  expectEnd(): void {
    const token = this.peek()
    if (token.kind !== 'eof') throw this.unexpected(token, 'end of query')
  }

  private parseOperator(): Operator {
    const token = this.peek()
    if (token.kind !== 'ident') throw this.unexpected(token, 'a query operator')
    this.next()
    const offset = token.offset
    const word = token.text
    switch (word) {
      case 'where':
      case 'filter':
        return { kind: 'where', predicate: this.parseExpr(), offset }
      case 'extend':
        return { kind: 'extend', items: this.parseNamedList(), offset }
      case 'project':
        return { kind: 'project', items: this.parseNamedList(), offset }
      case 'project-away':
        return { kind: 'project-away', patterns: this.parsePatternList(), offset }
      case 'project-rename':
        return { kind: 'project-rename', renames: this.parseRenames(), offset }
      case 'take':
      case 'limit':
        return { kind: 'take', count: this.parseExpr(), offset }
      case 'count':
        return { kind: 'count', offset }
      case 'summarize':
        return this.parseSummarize(offset)
      case 'sort':
      case 'order':
        this.expectWord('by')
        return { kind: 'sort', keys: this.parseSortKeys(), offset }
      case 'top': {
        const count = this.parseExpr()
        this.expectWord('by')
        return { kind: 'top', count, keys: this.parseSortKeys(), offset }
      }
      case 'distinct':
        if (this.isPunct('*')) {
          this.next()
          return { kind: 'distinct', items: '*', offset }
        }
        return { kind: 'distinct', items: this.parseNamedList(), offset }
      default:
        if (UNSUPPORTED_OPERATORS.has(word)) {
          throw new KqlError('unsupported', `The '${word}' operator is not supported`, offset, word)
        }
        throw new KqlError('syntax', `Unknown query operator '${word}'`, offset, word)
    }
  }

  private parseSummarize(offset: number): Operator {
    const aggregates = this.isWord('by') ? [] : this.parseNamedList()
    let by: NamedExpr[] = []
    if (this.isWord('by')) {
      this.next()
      by = this.parseNamedList()
    }
    return { kind: 'summarize', aggregates, by, offset }
  }

  private parseSortKeys(): SortKey[] {
    const keys: SortKey[] = []
    do {
      if (keys.length > 0) this.next()
      const expr = this.parseExpr()
      let descending = true
      if (this.isWord('asc')) {
        descending = false
        this.next()
      } else if (this.isWord('desc')) {
        this.next()
      }
      let nullsFirst = !descending
      if (this.isWord('nulls')) {
        this.next()
        const which = this.peek()
        if (which.kind === 'ident' && (which.text === 'first' || which.text === 'last')) {
          nullsFirst = which.text === 'first'
          this.next()
        } else {
          throw this.unexpected(which, "'first' or 'last'")
        }
      }
      keys.push({ expr, descending, nullsFirst })
    } while (this.isPunct(','))
    return keys
  }

  private parseNamedList(): NamedExpr[] {
    const items: NamedExpr[] = []
    do {
      if (items.length > 0) this.next()
      items.push(this.parseNamed())
    } while (this.isPunct(','))
    return items
  }

  private parseNamed(): NamedExpr {
    const start = this.peek()
    const name = this.tryNameBeforeEquals()
    if (name !== undefined) return { name, expr: this.parseExpr(), offset: start.offset }
    return { expr: this.parseExpr(), offset: start.offset }
  }

  /** Reads `name =` (but not `name ==`) when present, leaving the position after `=`. */
  private tryNameBeforeEquals(): string | undefined {
    const token = this.peek()
    if (token.kind === 'ident' && this.isPunctAt(this.index + 1, '=')) {
      this.index += 2
      return token.text
    }
    if (
      token.kind === 'punct' &&
      token.text === '[' &&
      this.tokens[this.index + 1]?.kind === 'string' &&
      this.isPunctAt(this.index + 2, ']') &&
      this.isPunctAt(this.index + 3, '=')
    ) {
      const nameToken = this.tokens[this.index + 1] as Extract<Token, { kind: 'string' }>
      this.index += 4
      return nameToken.value
    }
    return undefined
  }

  private parseRenames(): Array<{ to: string; from: string }> {
    const renames: Array<{ to: string; from: string }> = []
    do {
      if (renames.length > 0) this.next()
      const to = this.parseName('a new column name').name
      this.expectPunct('=')
      const from = this.parseName('an existing column name').name
      renames.push({ to, from })
    } while (this.isPunct(','))
    return renames
  }

  private parsePatternList(): string[] {
    const patterns: string[] = []
    do {
      if (patterns.length > 0) this.next()
      let pattern = ''
      let end = -1
      for (;;) {
        const token = this.peek()
        const adjacent = pattern === '' || token.offset === end
        if (!adjacent) break
        if (token.kind === 'ident') {
          pattern += token.text
          end = token.offset + token.text.length
        } else if (token.kind === 'punct' && token.text === '*') {
          pattern += '*'
          end = token.offset + 1
        } else if (pattern === '' && token.kind === 'punct' && token.text === '[') {
          const name = this.parseName('a column name')
          pattern = name.name
          break
        } else {
          break
        }
        this.next()
      }
      if (pattern === '') throw this.unexpected(this.peek(), 'a column name')
      patterns.push(pattern)
    } while (this.isPunct(','))
    return patterns
  }

  /** A plain or bracketed (`['name']`) identifier. */
  private parseName(what: string): { name: string; offset: number } {
    const token = this.peek()
    if (token.kind === 'ident') {
      this.next()
      return { name: token.text, offset: token.offset }
    }
    if (token.kind === 'punct' && token.text === '[') {
      const inner = this.tokens[this.index + 1]
      if (inner?.kind === 'string' && this.isPunctAt(this.index + 2, ']')) {
        this.index += 3
        return { name: inner.value, offset: token.offset }
      }
    }
    throw this.unexpected(token, what)
  }

  parseExpr(): Expr {
    return this.parseOr()
  }

  private parseOr(): Expr {
    let left = this.parseAnd()
    while (this.isWord('or')) {
      const offset = this.next().offset
      left = { kind: 'binary', op: 'or', left, right: this.parseAnd(), offset }
    }
    return left
  }

  private parseAnd(): Expr {
    let left = this.parseComparison()
    while (this.isWord('and')) {
      const offset = this.next().offset
      left = { kind: 'binary', op: 'and', left, right: this.parseComparison(), offset }
    }
    return left
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive()
    const token = this.peek()
    if (token.kind === 'punct' && COMPARISON_PUNCT.has(token.text)) {
      this.next()
      const op = token.text === '<>' ? '!=' : token.text
      return { kind: 'binary', op, left, right: this.parseAdditive(), offset: token.offset }
    }
    if (token.kind !== 'ident') return left
    if (token.text === 'matches') {
      this.next()
      this.expectWord('regex')
      return {
        kind: 'binary',
        op: 'matches regex',
        left,
        right: this.parseAdditive(),
        offset: token.offset,
      }
    }
    if (STRING_OPERATORS.has(token.text)) {
      this.next()
      return {
        kind: 'binary',
        op: token.text,
        left,
        right: this.parseAdditive(),
        offset: token.offset,
      }
    }
    if (LIST_OPERATORS.has(token.text)) {
      this.next()
      this.expectPunct('(')
      const list: Expr[] = []
      if (!this.isPunct(')')) {
        do {
          if (list.length > 0) this.next()
          list.push(this.parseExpr())
        } while (this.isPunct(','))
      }
      this.expectPunct(')')
      return { kind: 'in', op: token.text, left, list, offset: token.offset }
    }
    if (token.text === 'between' || token.text === '!between') {
      this.next()
      this.expectPunct('(')
      const low = this.parseAdditive()
      this.expectPunct('..')
      const high = this.parseAdditive()
      this.expectPunct(')')
      return {
        kind: 'between',
        negated: token.text === '!between',
        left,
        low,
        high,
        offset: token.offset,
      }
    }
    return left
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative()
    while (this.isPunct('+') || this.isPunct('-')) {
      const token = this.next() as Extract<Token, { kind: 'punct' }>
      left = {
        kind: 'binary',
        op: token.text,
        left,
        right: this.parseMultiplicative(),
        offset: token.offset,
      }
    }
    return left
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary()
    while (this.isPunct('*') || this.isPunct('/') || this.isPunct('%')) {
      const token = this.next() as Extract<Token, { kind: 'punct' }>
      left = {
        kind: 'binary',
        op: token.text,
        left,
        right: this.parseUnary(),
        offset: token.offset,
      }
    }
    return left
  }

  private parseUnary(): Expr {
    if (this.isPunct('-') || this.isPunct('+')) {
      const token = this.next() as Extract<Token, { kind: 'punct' }>
      const operand = this.parseUnary()
      if (operand.kind === 'literal' && token.text === '-' && typeof operand.value === 'number') {
        return { ...operand, value: -operand.value, offset: token.offset }
      }
      return { kind: 'unary', op: token.text as '-' | '+', operand, offset: token.offset }
    }
    return this.parsePostfix()
  }

  private parsePostfix(): Expr {
    let expr = this.parsePrimary()
    for (;;) {
      if (this.isPunct('.')) {
        const dot = this.next()
        const name = this.peek()
        if (name.kind === 'ident') {
          this.next()
          expr = { kind: 'member', target: expr, name: name.text, offset: dot.offset }
          continue
        }
        if (name.kind === 'punct' && name.text === '[') {
          const bracketed = this.parseName('a property name')
          expr = { kind: 'member', target: expr, name: bracketed.name, offset: dot.offset }
          continue
        }
        throw this.unexpected(name, 'a property name')
      }
      if (this.isPunct('[')) {
        const open = this.next()
        const index = this.parseExpr()
        this.expectPunct(']')
        expr = { kind: 'index', target: expr, index, offset: open.offset }
        continue
      }
      return expr
    }
  }

  private parsePrimary(): Expr {
    const token = this.peek()
    switch (token.kind) {
      case 'number':
        this.next()
        return {
          kind: 'literal',
          type: token.isReal ? 'real' : 'long',
          value: token.value,
          offset: token.offset,
        }
      case 'string':
        this.next()
        return { kind: 'literal', type: 'string', value: token.value, offset: token.offset }
      case 'literal':
        this.next()
        return { kind: 'literal', type: token.type, value: token.value, offset: token.offset }
      case 'punct':
        if (token.text === '(') {
          this.next()
          const inner = this.parseExpr()
          this.expectPunct(')')
          return inner
        }
        if (token.text === '[') {
          const name = this.parseName('an expression')
          return { kind: 'column', name: name.name, offset: name.offset }
        }
        throw this.unexpected(token, 'an expression')
      case 'ident': {
        this.next()
        if (token.text === 'true' || token.text === 'false') {
          return {
            kind: 'literal',
            type: 'bool',
            value: token.text === 'true',
            offset: token.offset,
          }
        }
        if (this.isPunct('(')) {
          this.next()
          const args: Expr[] = []
          if (!this.isPunct(')')) {
            do {
              if (args.length > 0) this.next()
              args.push(this.parseExpr())
            } while (this.isPunct(','))
          }
          this.expectPunct(')')
          return { kind: 'call', name: token.text, args, offset: token.offset }
        }
        return { kind: 'column', name: token.text, offset: token.offset }
      }
      default:
        throw this.unexpected(token, 'an expression')
    }
  }

  private peek(): Token {
    return this.tokens[this.index] as Token
  }

  private next(): Token {
    const token = this.peek()
    if (token.kind !== 'eof') this.index++
    return token
  }

  private isPunct(text: string): boolean {
    return this.isPunctAt(this.index, text)
  }

  private isPunctAt(index: number, text: string): boolean {
    const token = this.tokens[index]
    return token?.kind === 'punct' && token.text === text
  }

  private isWord(text: string): boolean {
    const token = this.peek()
    return token.kind === 'ident' && token.text === text
  }

  private expectPunct(text: string): void {
    if (!this.isPunct(text)) throw this.unexpected(this.peek(), `'${text}'`)
    this.next()
  }

  private expectWord(text: string): void {
    if (!this.isWord(text)) throw this.unexpected(this.peek(), `'${text}'`)
    this.next()
  }

  private unexpected(token: Token, expected: string): KqlError {
    const text = tokenText(token)
    const found = token.kind === 'eof' ? 'end of query' : `'${text}'`
    return new KqlError('syntax', `Expected ${expected} but found ${found}`, token.offset, text)
  }
}

function tokenText(token: Token): string {
  switch (token.kind) {
    case 'ident':
    case 'punct':
    case 'literal':
      return token.text
    case 'string':
      return JSON.stringify(token.value)
    case 'number':
      return String(token.value)
    case 'eof':
      return '<EOF>'
  }
}
