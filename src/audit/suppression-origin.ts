/**
 * Where the exception or suppression that accepts a finding came from. Every report prints it beside the
 * reason, so a reviewer can tell an app team's typed exception from the platform team's policy file.
 */
export enum SuppressionOrigin {
  /** A typed `SecurityException` given to a construct of the audited app (recorded by the construct). */
  CONSTRUCT_EXCEPTION = 'construct-exception',
  /**
   * A platform-level decision of a `SecurityPolicy` of the audited app that makes the workloads omit a control the
   * cluster cannot provide (`nodeAppArmor: NodeAppArmor.UNAVAILABLE`), recorded by the constructs.
   */
  PLATFORM_POLICY = 'platform-policy',
  /** `Audit.suppress()` in the app's code, on the object's construct or one of its scopes. */
  CODE_SUPPRESSION = 'code-suppression',
  /** An object suppression of the audit's options (the CLI's `--suppress`, suppressions file or policy file). */
  OBJECT_SUPPRESSION = 'object-suppression',
  /** An `exception.cdk8s-secure.io/<RULE-ID>` annotation in an audited manifest, honoured because the options allow it. */
  MANIFEST_ANNOTATION = 'manifest-annotation',
}

/**
 * Whether an audit of manifests (`Audit.ofYaml()`, `Audit.ofManifests()`, the CLI) honours the exception
 * annotations it finds on objects. `Audit.of()` never does: it honours only the exceptions the constructs of the
 * app recorded, and reports other exception annotations as findings (META-EXCEPTION-ANNOTATION).
 */
export enum AnnotationExceptions {
  /**
   * Ignore every exception annotation: its findings stay active, and the report says an annotation was
   * ignored. The strict mode, for gates on YAML from any source.
   */
  IGNORE = 'ignore',
  /**
   * Honour an exception annotation when the exception policy allows app teams to except its rule (and it
   * carries the approval reference and expiry the policy requires). Annotations never suppress findings of the
   * Pod Security packs, which judge what admission would do.
   */
  ALLOWED_RULES = 'allowed-rules',
}
