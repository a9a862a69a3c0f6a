import { CliArgs } from './cli-args';
import { ReportFormat } from '../audit-report';
import { ruleInfoById } from '../engine/catalog';
import { controlsOf, frameworkColumns } from '../engine/frameworks';
import { packEntries } from '../engine/packs';
import { Pack } from '../pack';
import { RuleInfo } from '../rule-info';
import { ALL_RULES } from '../rules';
import { Severity } from '../severity';

/** One rule as `cdk8s-secure rules` lists it. */
interface ListedRule {
  readonly info: RuleInfo;
  /** The severity of the rule in each chosen pack that runs it, in pack order. */
  readonly severities: ReadonlyArray<{ readonly pack: string; readonly severity: Severity }>;
}

/** The rules of the chosen packs, kept when some pack runs them at a chosen severity and they relate to a chosen framework. */
function listedRules(args: Pick<CliArgs, 'packs' | 'severities' | 'frameworks'>): ListedRule[] {
  const packs = args.packs ?? Pack.all();
  const listed: ListedRule[] = [];
  // The built-in rules in catalogue order, then the custom rules of the chosen packs in pack order.
  const custom = packs.flatMap(pack => packEntries(pack).map(entry => entry.rule)).filter(rule => !ALL_RULES.includes(rule));
  for (const rule of [...ALL_RULES, ...new Set(custom)]) {
    const severities = packs.flatMap(pack => packEntries(pack).filter(entry => entry.rule === rule)
      .map(entry => ({ pack: pack.name, severity: entry.severity })));
    if (severities.length === 0) continue;
    if (args.severities && !severities.some(entry => args.severities!.includes(entry.severity))) continue;
    const info = ruleInfoById(rule.id)!;
    if (args.frameworks && !frameworkColumns(args.frameworks).some(column => info.relatedControls[column.field].length > 0)) continue;
    listed.push({ info, severities });
  }
  return listed;
}

/** `cdk8s-secure rules`: the rule catalogue as a text table or JSON. */
export function renderRuleList(args: CliArgs): string {
  const rules = listedRules(args);
  if (args.format === ReportFormat.JSON) {
    return `${JSON.stringify(rules.map(rule => ({
      id: rule.info.id,
      title: rule.info.title,
      group: rule.info.group,
      severities: Object.fromEntries(rule.severities.map(entry => [entry.pack, entry.severity])),
      appliesTo: rule.info.appliesTo,
      fix: rule.info.fix,
      relatedControls: controlsOf(rule.info.relatedControls, args.frameworks),
    })), null, 2)}\n`;
  }
  const packs = (args.packs ?? Pack.all()).map(pack => pack.name);
  const idWidth = Math.max(4, ...rules.map(rule => rule.info.id.length));
  const header = ['RULE'.padEnd(idWidth), ...packs.map(pack => pack.padEnd(Math.max(pack.length, 7))), 'TITLE'].join('  ');
  const lines = [header];
  for (const rule of rules) {
    const cells = packs.map(pack => (rule.severities.find(entry => entry.pack === pack)?.severity ?? '-').padEnd(Math.max(pack.length, 7)));
    lines.push([rule.info.id.padEnd(idWidth), ...cells, rule.info.title].join('  '));
  }
  lines.push('', `${rules.length} rule${rules.length === 1 ? '' : 's'}; cdk8s-secure explain RULE-ID describes one`);
  return `${lines.join('\n')}\n`;
}

/** `cdk8s-secure explain RULE-ID`: what the rule checks, why, the fix, its packs and its related controls. */
export function renderRuleExplanation(ruleId: string, format: ReportFormat, packs: readonly Pack[] = Pack.all()): string {
  const info = ruleInfoById(ruleId)!;
  const severities = packs.flatMap(pack => packEntries(pack).filter(entry => entry.rule.id === info.id)
    .map(entry => ({ pack: pack.name, severity: entry.severity })));
  if (format === ReportFormat.JSON) {
    return `${JSON.stringify({ ...info, severities: Object.fromEntries(severities.map(entry => [entry.pack, entry.severity])) }, null, 2)}\n`;
  }
  const controls = frameworkColumns(undefined)
    .filter(column => info.relatedControls[column.field].length > 0)
    .map(column => `  ${column.title}: ${info.relatedControls[column.field].join(', ')}`);
  const lines = [
    `${info.id}: ${info.title}`,
    '',
    info.explanation,
    '',
    `Fix: ${info.fix}`,
    '',
    `Applies to: ${info.appliesTo}`,
    `Group: ${info.group}`,
    `Packs: ${severities.map(entry => `${entry.pack} (${entry.severity})`).join(', ')}`,
    ...(info.relatedControls.podSecurityStandard ? [`Pod Security Standard: ${info.relatedControls.podSecurityStandard}`] : []),
    ...(controls.length > 0 ? ['Related controls (a rule supports a control; passing it is not, on its own, evidence of compliance):', ...controls] : []),
    ...(info.documentation ? [`Documentation: ${info.documentation}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
