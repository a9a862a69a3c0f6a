import { RuleId } from '../../../profile/rule-id';
import { parseImageReference } from '../../../profile/workload-image';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { asString, subPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Images are pulled on every start (so registry credentials are checked), unless pinned by digest. */
export const imgPullAlways: AuditRule = {
  id: RuleId.IMG_PULL_ALWAYS,
  group: RuleGroup.IMAGES,
  title: '`imagePullPolicy: Always` set explicitly, or the image is pinned by digest',
  explanation: 'With IfNotPresent, any pod on a node can use an image another pod pulled with credentials it does not '
    + 'have, and a re-pushed tag is never picked up. A digest-pinned image cannot change, so caching it is safe.',
  fix: 'SecureDeployment pulls Always, or IfNotPresent for digest-pinned images.',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy',
  check: object => checkContainers(object, ref => {
    const image = asString(ref.container.image);
    if (!image) {
      return undefined;
    }
    const parsed = parseImageReference(image);
    if (typeof parsed !== 'string' && parsed.digest) {
      return undefined;
    }
    // Explicit, as scanners read the field: an unset policy is Always only for untagged and :latest images.
    const policy = asString(ref.container.imagePullPolicy);
    return policy === 'Always' ? undefined : {
      path: subPath(ref.path, 'imagePullPolicy'),
      message: policy
        ? `${describeContainer(ref)} pulls ${image} with policy ${policy}`
        : `${describeContainer(ref)} does not set imagePullPolicy: Always for ${image}, which is not pinned by digest`,
    };
  }),
};
