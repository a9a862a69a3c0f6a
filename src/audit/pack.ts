import { checkCustomRule, checkRuleSeverities, packError, PACK_NAME } from './custom-pack-check';
import { IAuditRule, RuleSeverity } from './custom-rule';
import { RuleId } from '../profile/rule-id';
import { isRuleId } from '../profile/rule-ids';

/**
 * What a custom pack runs: built-in rules (all those of base packs, or single ones), custom rules, and the
 * severity of each.
 */
export interface CustomPackProps {
  /**
   * Built-in packs whose rules (at their level and severity) the pack runs.
   *
   * @default - none
   */
  readonly basePacks?: Pack[];

  /**
   * Single built-in rules the pack runs, at their strictest reading (as in `Pack.HARDENED`) and severity.
   *
   * @default - none
   */
  readonly builtInRules?: RuleId[];

  /**
   * Custom rules the pack runs.
   *
   * @default - none
   */
  readonly rules?: IAuditRule[];

  /**
   * Severities of rules of the pack other than their default. A rule an exception policy marks never exceptable
   * cannot be given a lower severity than it has in the built-in packs (the audit refuses such a pack).
   *
   * @default - every rule at its own severity
   */
  readonly severities?: RuleSeverity[];
}

/** Marks packs across copies of the library (a pack module may load its own copy). */
const PACK_BRAND = Symbol.for('cdk8s-secure.Pack');

/**
 * A named selection of rules with a severity for each, e.g. the Pod Security Standards `restricted` level.
 *
 * A finding's id is `<pack>/<RULE-ID>`, e.g. `pss-restricted/POD-RUN-AS-NONROOT`.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export class Pack {
  /**
   * The Pod Security Standards `baseline` level (Kubernetes 1.28), exactly: it prevents known privilege
   * escalations (privileged containers, host namespaces, hostPath, host ports, added capabilities beyond the
   * baseline list, AppArmor/SELinux/seccomp overrides, `/proc` mounts, unsafe sysctls, Windows HostProcess).
   */
  public static readonly PSS_BASELINE = new Pack('pss-baseline',
    'Pod Security Standards baseline (Kubernetes 1.28): prevents known privilege escalations');

  /**
   * The Pod Security Standards `restricted` level (Kubernetes 1.28), exactly: baseline plus restricted volume
   * types, no privilege escalation, non-root, `runAsUser` not 0, seccomp `RuntimeDefault`/`Localhost` and
   * capabilities dropped to at most `NET_BIND_SERVICE`.
   */
  public static readonly PSS_RESTRICTED = new Pack('pss-restricted',
    'Pod Security Standards restricted (Kubernetes 1.28): baseline plus current pod hardening best practices');

  /**
   * Every control of this library's hardening catalog: the restricted checks at their strictest (set at pod
   * and container level), plus resources, probes, images, secrets, namespaces, network policies, services,
   * ingresses, availability, labels and RBAC.
   */
  public static readonly HARDENED = new Pack('hardened',
    'Every control of the cdk8s-secure hardening catalog, at its strictest');

  /** All packs, in the order reports list them. */
  public static all(): Pack[] {
    return [Pack.PSS_BASELINE, Pack.PSS_RESTRICTED, Pack.HARDENED];
  }

  /**
   * The pack named `name` (`pss-baseline`, `pss-restricted` or `hardened`).
   *
   * @throws when no pack has that name
   */
  public static fromName(name: string): Pack {
    const pack = Pack.all().find(p => p.name === name);
    if (!pack) {
      throw new Error(`unknown audit pack ${JSON.stringify(name)}; use one of ${Pack.all().map(p => p.name).join(', ')}`);
    }
    return pack;
  }

  /**
   * A pack of your own, in the spirit of cdk-nag's NagPacks: built-in rules and custom rules, at severities you
   * choose. Use it like a built-in pack in `Audit.of()`, `Audit.gate()`, the CLI (`--pack-module`) and the
   * cdk8s-cli validation plugin.
   *
   * @param name the pack's name (lower-case words joined by `-`), not the name of a built-in pack
   * @param description one line describing what the pack checks
   * @throws when the name, a rule or a severity is invalid, or two rules share an id
   */
  public static custom(name: string, description: string, props: CustomPackProps): Pack {
    const label = typeof name === 'string' ? name : String(name);
    if (typeof name !== 'string' || !PACK_NAME.test(name)) {
      throw packError(label, 'name', name, 'a pack name is lower-case words of letters and digits joined by "-"', 'give a name such as "acme-platform"');
    }
    if (Pack.all().some(pack => pack.name === name)) {
      throw packError(name, 'name', name, 'is the name of a built-in pack', 'give the custom pack its own name, e.g. "acme-platform"');
    }
    if (typeof description !== 'string' || description.trim() === '') {
      throw packError(name, 'description', description, 'is not a non-empty string', 'describe in one line what the pack checks');
    }
    if (props === null || typeof props !== 'object' || Array.isArray(props)) {
      throw packError(name, 'props', props, 'is not an object', 'pass { basePacks?, builtInRules?, rules?, severities? }');
    }
    const list = <T>(field: string, value: T[] | undefined): T[] => {
      if (value === undefined) return [];
      if (!Array.isArray(value)) throw packError(name, field, value, 'is not a list', `pass a list, or leave ${field} out`);
      return value;
    };
    const basePacks = list('basePacks', props.basePacks);
    basePacks.forEach((pack, i) => {
      if (!Pack.isPack(pack) || pack._definition !== undefined) {
        throw packError(name, `basePacks[${i}]`, pack, 'is not a built-in pack', 'use Pack.PSS_BASELINE, Pack.PSS_RESTRICTED or Pack.HARDENED');
      }
    });
    const builtInRules = list('builtInRules', props.builtInRules);
    builtInRules.forEach((rule, i) => {
      if (!isRuleId(rule)) {
        throw packError(name, `builtInRules[${i}]`, rule, 'is not the id of a built-in rule', 'use a RuleId member, e.g. RuleId.IMG_TAG');
      }
    });
    const rules = list('rules', props.rules);
    const ids = new Set<string>();
    rules.forEach((rule, i) => {
      checkCustomRule(name, `rules[${i}]`, rule);
      if (ids.has(rule.id)) {
        throw packError(name, `rules[${i}].id`, rule.id, 'two custom rules of the pack have this id', 'give every rule its own id');
      }
      ids.add(rule.id);
    });
    if (basePacks.length + builtInRules.length + rules.length === 0) {
      throw packError(name, 'props', props, 'the pack runs no rule', 'give basePacks, builtInRules or rules');
    }
    const known = (rule: string) => ids.has(rule) || isRuleId(rule);
    checkRuleSeverities(name, 'severities', props.severities, known, 'of the built-in catalog or of the pack');
    const definition: CustomPackProps = {
      basePacks: [...basePacks],
      builtInRules: [...builtInRules],
      rules: [...rules],
      severities: (props.severities ?? []).map(entry => ({ rule: entry.rule, severity: entry.severity })),
    };
    return new Pack(name, description, definition);
  }

  /** Whether `value` is a pack (also one made by another copy of this library). */
  public static isPack(value: any): boolean {
    return value instanceof Pack || (value !== null && typeof value === 'object' && value[PACK_BRAND] === true);
  }

  /**
   * @param name the pack's stable name, the first part of every finding id
   * @param description one line describing what the pack checks
   */
  private constructor(public readonly name: string, public readonly description: string,
    /** @internal */ public readonly _definition?: CustomPackProps) {
    Object.defineProperty(this, PACK_BRAND, { value: true });
  }

  /** Whether this is a custom pack (made with `Pack.custom()`). */
  public get isCustom(): boolean {
    return this._definition !== undefined;
  }

  /** The pack's name. */
  public toString(): string {
    return this.name;
  }
}
