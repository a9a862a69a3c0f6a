import { RuleId } from '../../../profile/rule-id';
import { parseImageReference } from '../../../profile/workload-image';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { asString, subPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Images are pinned by sha256 digest (advice). */
export const imgDigest: AuditRule = {
  id: RuleId.IMG_DIGEST,
  group: RuleGroup.IMAGES,
  title: 'Images pinned by `@sha256:` digest',
  explanation: 'A tag can be moved to other content by whoever controls the registry; a digest names exactly the '
    + 'reviewed and scanned image (an integrity check, not a signature check).',
  fix: 'Give SecureDeployment the image as `name:tag@sha256:<digest>` (or enable digest pinning in the organisation policy).',
  severity: Severity.INFO,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  cis: ['5.5.1'],
  documentation: 'https://kubernetes.io/docs/concepts/containers/images/#image-names',
  check: object => checkContainers(object, ref => {
    const image = asString(ref.container.image);
    if (!image) {
      return undefined;
    }
    const parsed = parseImageReference(image);
    if (typeof parsed !== 'string' && parsed.digest) {
      return undefined;
    }
    return { path: subPath(ref.path, 'image'), message: `${describeContainer(ref)} image ${image} is not pinned by digest` };
  }),
};
