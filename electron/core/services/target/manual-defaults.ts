import type { ManualTargetDefaults } from '../../../../shared/models/target'

/** The environment variables Azure's samples and the CLI use for a target. */
export const TARGET_ENV = {
  endpoint: 'AZURE_DCE_ENDPOINT',
  dcrImmutableId: 'AZURE_DCR_RULE_ID',
  streamName: 'AZURE_DCR_STREAM_NAME',
} as const

/** Prefill for the manual form: each field from its variable, or empty. */
export function manualDefaultsFrom(
  env: Readonly<Record<string, string | undefined>>,
): ManualTargetDefaults {
  const fromEnvironment: string[] = []
  const read = (name: string): string => {
    const value = env[name]?.trim() ?? ''
    if (value !== '') fromEnvironment.push(name)
    return value
  }
  return {
    endpoint: read(TARGET_ENV.endpoint),
    dcrImmutableId: read(TARGET_ENV.dcrImmutableId),
    streamName: read(TARGET_ENV.streamName),
    fromEnvironment,
  }
}
