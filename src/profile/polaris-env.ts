/**
 * How Polaris `sensitiveContainerEnvVar` judges environment variables, and the library's secrets-as-files pattern it
 * flags, for the constructs (which refuse or exempt) and the audit (which agrees with them).
 */

/**
 * Polaris `sensitiveContainerEnvVar` (pkg/config/checks/sensitiveContainerEnvVar.yaml): an env var with a literal
 * `value` whose name matches one of these patterns (case-insensitive), or whose value holds a PEM private key.
 */
const POLARIS_SENSITIVE_ENV_NAMES: readonly RegExp[] = [
  /^AWS_SECRET_ACCESS_KEY$/i, /^GOOGLE_APPLICATION_CREDENTIALS$/i, /^AZURE_.+KEY$/i, /^OCI_CLI_KEY_CONTENT$/i,
  /password/i, /token/i, /bearer/i, /secret/i,
];
const POLARIS_PRIVATE_KEY_VALUE = /\s*-BEGIN\s+.*PRIVATE KEY-\s*/i;

/** Whether Polaris `sensitiveContainerEnvVar` flags an env var with this name and literal value. */
export function polarisFlagsEnvVar(name: string, value: string): boolean {
  return POLARIS_SENSITIVE_ENV_NAMES.some((pattern) => pattern.test(name)) || POLARIS_PRIVATE_KEY_VALUE.test(value);
}

/**
 * Whether an env var is the library's recommended way to hand a secret to an image: a `*_FILE` name (as official
 * images read `POSTGRES_PASSWORD_FILE`) whose value is a file inside one of `secretMountPaths`.
 */
export function isSecretFileEnvVar(name: string, value: string, secretMountPaths: readonly string[]): boolean {
  return /_FILE$/i.test(name) && !value.includes('..')
    && secretMountPaths.some((path) => value.startsWith(`${path.replace(/\/+$/, '')}/`) && value.length > path.length + 1);
}

/** An env var of a pod spec that Polaris `sensitiveContainerEnvVar` flags. */
export interface FlaggedEnvVar {
  /** The container (init or regular) it belongs to, as in the pod spec. */
  readonly container: any;
  readonly name: string;
  /** Whether it is a `*_FILE` variable naming a file of a Secret mounted into the same container (a library decision). */
  readonly secretFile: boolean;
}

/** The env vars of a pod spec (JSON) that Polaris `sensitiveContainerEnvVar` flags, in container order. */
export function polarisFlaggedEnvVars(spec: any): FlaggedEnvVar[] {
  const secretVolumes = new Set<string>(((spec?.volumes ?? []) as any[])
    .filter((volume) => volume?.secret || (volume?.projected?.sources ?? []).some((source: any) => source?.secret))
    .map((volume) => volume.name));
  const flagged: FlaggedEnvVar[] = [];
  for (const container of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])] as any[]) {
    const secretPaths = ((container?.volumeMounts ?? []) as any[])
      .filter((mount) => secretVolumes.has(mount?.name)).map((mount) => String(mount.mountPath));
    for (const variable of (container?.env ?? []) as any[]) {
      if (typeof variable?.value === 'string' && polarisFlagsEnvVar(String(variable.name), variable.value)) {
        flagged.push({ container, name: String(variable.name), secretFile: isSecretFileEnvVar(String(variable.name), variable.value, secretPaths) });
      }
    }
  }
  return flagged;
}
