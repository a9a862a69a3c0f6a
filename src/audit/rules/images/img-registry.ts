import { RuleId } from '../../../profile/rule-id';
import { isAllowedRegistry, parseImageReference, qualifiedImageName } from '../../../profile/workload-image';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { asString, subPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Images come from an allowed registry (judged only when the policy lists allowed registries). */
export const imgRegistry: AuditRule = {
  id: RuleId.IMG_REGISTRY,
  group: RuleGroup.IMAGES,
  title: 'Image registry in the allowlist (AuditOptions.allowedRegistries; not judged without one)',
  explanation: 'Images from arbitrary registries bypass the organisation\'s scanning, signing and retention; a typo in '
    + 'a registry name can pull an attacker\'s image.',
  fix: 'Pull from an allowed registry (mirror the image there); platform teams set the allowlist in the organisation '
    + 'policy and in AuditOptions.allowedRegistries.',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers, when an allowlist is configured',
  cis: ['5.5.1'],
  documentation: 'https://kubernetes.io/docs/concepts/containers/images/',
  check: (object, context) => {
    const allowed = context.policy.allowedRegistries;
    if (!allowed) {
      return [];
    }
    return checkContainers(object, ref => {
      const image = asString(ref.container.image);
      if (!image) {
        return undefined;
      }
      const parsed = parseImageReference(image);
      if (typeof parsed === 'string') {
        return {
          path: subPath(ref.path, 'image'),
          message: `${describeContainer(ref)} image ${JSON.stringify(image)} ${parsed}, so its registry cannot be judged`,
        };
      }
      // The construct's SecurityPolicy check uses the same parser and matcher, so both always agree.
      return isAllowedRegistry(parsed.name, allowed) ? undefined : {
        path: subPath(ref.path, 'image'),
        message: `${describeContainer(ref)} image ${image} is ${qualifiedImageName(parsed.name)}, which is not in an allowed registry `
          + `(${allowed.join(', ')})`,
      };
    });
  },
};
