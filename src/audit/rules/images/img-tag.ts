import { RuleId } from '../../../profile/rule-id';
import { parseImageReference } from '../../../profile/workload-image';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { asString, subPath } from '../../engine/json';
import { describeContainer, POD_BEARING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

/** Images name an explicit tag other than `latest` (or a digest). */
export const imgTag: AuditRule = {
  id: RuleId.IMG_TAG,
  group: RuleGroup.IMAGES,
  title: 'Images have an explicit tag, never `latest`',
  explanation: '`latest` (or no tag) is a moving target: nodes run different code depending on when they pulled, '
    + 'rollbacks cannot restore the previous version, and reviews cannot see what is deployed.',
  fix: 'Give SecureDeployment an image with a version tag, better a digest (`image:1.2.3@sha256:…`).',
  severity: Severity.WARNING,
  kinds: POD_BEARING_KINDS,
  appliesTo: 'init, regular and ephemeral containers',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/containers/images/#image-names',
  check: object => checkContainers(object, ref => {
    const image = asString(ref.container.image);
    if (!image) {
      return { path: subPath(ref.path, 'image'), message: `${describeContainer(ref)} names no image` };
    }
    const parsed = parseImageReference(image);
    if (typeof parsed === 'string') {
      return { path: subPath(ref.path, 'image'), message: `${describeContainer(ref)} image ${JSON.stringify(image)} ${parsed}` };
    }
    if (parsed.digest) {
      return undefined;
    }
    if (!parsed.tag) {
      return { path: subPath(ref.path, 'image'), message: `${describeContainer(ref)} image ${image} has no tag (means latest)` };
    }
    return parsed.tag.toLowerCase() === 'latest'
      ? { path: subPath(ref.path, 'image'), message: `${describeContainer(ref)} image ${image} uses the latest tag` }
      : undefined;
  }),
};
