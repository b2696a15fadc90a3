/**
 * Removes anything that looks like a credential from a log line.
 *
 * A last line of defence: code should not log secrets in the first place, but a token inside
 * an error message from a library must not reach disk either.
 */
const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // JWTs (access and id tokens): three base64url parts, the first starting with eyJ.
  [/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  // Bearer headers.
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]'],
  // OAuth form or query fields that carry secrets (`code=` only in this form: our own error
  // objects have a harmless `"code"` field).
  [
    /\b((?:client_secret|refresh_token|access_token|id_token|code|code_verifier|device_code|assertion|password)=)[^&\s"']+/gi,
    '$1[redacted]',
  ],
  // The same secrets as JSON or object fields.
  [
    /(\\*["']?(?:client_secret|clientSecret|refresh_token|refreshToken|access_token|accessToken|id_token|idToken|code_verifier|device_code|password|secret)\\*["']?\s*:\s*\\*["'])[^"'\\]+/gi,
    '$1[redacted]',
  ],
]

/** Returns the text with secrets replaced by markers. */
export function redactSecrets(text: string): string {
  let out = text
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement)
  return out
}
