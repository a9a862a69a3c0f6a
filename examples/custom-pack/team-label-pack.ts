/**
 * An example custom pack: the platform's hardened checks plus a rule of the organisation's own,
 * "every workload names its team in a `team` label of the form `team-<name>`".
 *
 * Use it from code (`Audit.of(app, { packs: [acmePack] })`, `Audit.gate(app, { packs: [acmePack] })`), from the
 * CLI (`cdk8s-secure audit --pack-module ./team-label-pack.js --pack acme-platform dist/`) or from the cdk8s-cli
 * validation plugin (`packModules: ['./team-label-pack.js']`). The CLI and the plugin load JavaScript: compile
 * this file first (e.g. `tsc`), or write the module in JavaScript.
 */
import { IAuditRule, ManifestIndex, Pack, RuleId, RuleViolation, Severity } from 'cdk8s-secure';

/** The kinds that run pods and so belong to a team. */
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'];

/** The form of a team label value. */
export const TEAM_LABEL_PATTERN = /^team-[a-z][a-z0-9-]*$/;

/** Every workload carries `metadata.labels.team` of the form `team-<name>`, so incidents reach their owners. */
export class TeamLabelRule implements IAuditRule {
  public readonly id = 'ACME-TEAM-LABEL';
  public readonly severity = Severity.WARNING;
  public readonly title = 'Workloads name their owning team in a team label (team-<name>)';
  public readonly explanation = 'Without an owner label, alerts and security findings of a workload reach nobody.';
  public readonly fix = 'Set metadata.labels.team to the owning team, e.g. team: team-payments';
  public readonly relatedControls = { nist: ['CM-8'], iso27001: ['A.5.9'] };

  public evaluate(index: ManifestIndex): RuleViolation[] {
    return index.objects
      .filter(object => WORKLOAD_KINDS.includes(object.kind))
      .filter(object => !TEAM_LABEL_PATTERN.test(object.labels.team ?? ''))
      .map(object => ({
        objectPosition: object.position,
        path: 'metadata.labels.team',
        message: object.labels.team === undefined
          ? `${object.kind} ${object.name} has no team label`
          : `${object.kind} ${object.name} has the team label ${JSON.stringify(object.labels.team)}, which does not match team-<name>`,
      }));
  }
}

/** The organisation's pack: everything the hardened pack checks, an image tag policy as errors, and the team label. */
export const acmePack = Pack.custom('acme-platform', 'ACME platform checks: hardened catalog plus ownership labels', {
  basePacks: [Pack.HARDENED],
  rules: [new TeamLabelRule()],
  severities: [{ rule: RuleId.IMG_TAG, severity: Severity.ERROR }],
});
