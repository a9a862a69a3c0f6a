/**
 * The pod templates of a rendered object of a built-in workload kind, with their JSON paths: `spec.template`, and a
 * CronJob's `spec.jobTemplate.spec.template`.
 */
export function podTemplatesOf(json: any): Array<{ readonly path: string; readonly template: any }> {
  const found: Array<{ path: string; template: any }> = [];
  if (json?.spec?.template) {
    found.push({ path: 'spec.template', template: json.spec.template });
  }
  if (json?.spec?.jobTemplate?.spec?.template) {
    found.push({ path: 'spec.jobTemplate.spec.template', template: json.spec.jobTemplate.spec.template });
  }
  return found;
}
