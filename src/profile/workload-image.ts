import { boundedMemo } from './bounded-memo';
/**
 * Container image references: parsing, the tag/digest policy (controls IMG-TAG, IMG-DIGEST) and the
 * pull policy that goes with each kind of reference (control IMG-PULL-ALWAYS).
 *
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-names
 * @see https://github.com/distribution/reference/blob/main/reference.go
 */

/**
 * Pull policy for every image, tag or digest: the registry is asked on every start, so a re-pushed tag is noticed
 * and the registry checks the pod's pull credentials (with IfNotPresent, a pod on the node could start a private image
 * another pod pulled). Polaris `pullPolicyNotAlways` and kube-score `container-image-pull-policy` also require it.
 */
export const TAG_PULL_POLICY = 'Always';

/** Longest image name accepted by registries (distribution/reference `NameTotalLengthMax`). */
const MAX_NAME_LENGTH = 255;

// Compiled once: validating thousands of containers must not compile regular expressions per call.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const PATH = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** The parts of a valid image reference. */
export interface ImageReference {
  /** Registry and repository as written, e.g. `ghcr.io/acme/api` or `nginx`. */
  readonly name: string;
  /** The tag, e.g. `1.4.2`, when one is given. */
  readonly tag?: string;
  /** The digest, e.g. `sha256:0123…`, when one is given. */
  readonly digest?: string;
}

/**
 * Parses `image` as `[registry/]repository[:tag][@sha256:digest]`, following the grammar of
 * distribution/reference: the first path component is a registry host only when it contains "." or ":" or is
 * "localhost"; repository path components are lower-case; a tag is at most 128 word characters, "." and "-".
 * The construct (`SecureDeployment`) and the audit (IMG-TAG, IMG-DIGEST, IMG-PULL-ALWAYS, IMG-REGISTRY) use
 * this one parser, so they always agree on what an image is and where it comes from.
 *
 * @returns the reference, or a sentence saying why `image` is not a valid reference
 */
export function parseImageReference(image: string): ImageReference | string {
  if (typeof image !== 'string') {
    return 'is not an image reference (it is not a string)';
  }
  return PARSED_IMAGES(image);
}

/** Image references parsed so far (frozen): the construct, its checks in every render and the audit read the same few. Bounded. */
const PARSED_IMAGES = boundedMemo((image: string): Readonly<ImageReference> | string => {
  const result = parseImage(image);
  return typeof result === 'string' ? result : Object.freeze(result);
}, 10000);

function parseImage(image: string): ImageReference | string {
  if (image.length === 0 || image.trim() !== image) {
    return 'is not an image reference (it is empty or has surrounding spaces)';
  }
  const at = image.indexOf('@');
  const withoutDigest = at === -1 ? image : image.slice(0, at);
  const digest = at === -1 ? undefined : image.slice(at + 1);
  if (digest !== undefined && !SHA256_DIGEST.test(digest)) {
    return 'has a malformed digest; a digest is "sha256:" followed by 64 lower-case hex digits';
  }
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const name = colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
  const tag = colon === -1 ? undefined : withoutDigest.slice(colon + 1);
  if (name.length > MAX_NAME_LENGTH || !isValidName(name)) {
    return 'is not a valid image name (lower-case repository path, optional registry host, e.g. "ghcr.io/acme/api")';
  }
  if (tag !== undefined && !TAG.test(tag)) {
    return 'has a malformed tag (letters, digits, "_", "." and "-", at most 128 characters)';
  }
  return { name, tag, digest };
}

/** Whether `digest` is a well-formed sha256 digest. */
export function isSha256Digest(digest: string | undefined): boolean {
  return digest !== undefined && SHA256_DIGEST.test(digest);
}

/**
 * Like the container runtimes, the first path component is a registry host only when it contains a
 * "." or ":" or is "localhost"; otherwise the whole name is a (lower-case) repository path.
 */
function isValidName(name: string): boolean {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  if (isRegistryHost(first)) {
    return DOMAIN.test(first) && PATH.test(name.slice(slash + 1));
  }
  return PATH.test(name);
}

/**
 * Why the tag policy rejects `reference` (control IMG-TAG), or `undefined` when it is pinned by a
 * digest or an explicit tag other than `latest`.
 */
export function imageTagProblem(reference: ImageReference): string | undefined {
  if (reference.digest) {
    return undefined;
  }
  if (reference.tag === undefined) {
    return 'has no tag, so the runtime pulls "latest" and the deployed version is unknown';
  }
  if (reference.tag.toLowerCase() === 'latest') {
    return 'uses the mutable tag "latest", so the deployed version is unknown';
  }
  return undefined;
}

/**
 * The pull policy for `reference`: `Always`, for tags and digest-pinned images alike (a digest pins the content, not
 * who may use the node's cached copy).
 */
export function pullPolicyFor(_reference: ImageReference): string {
  return TAG_PULL_POLICY;
}

/** The registry Docker and the container runtimes pull from when an image names no registry host. */
export const DEFAULT_IMAGE_REGISTRY = 'docker.io';

/** Other names of Docker Hub: the legacy index host and the registry endpoint behind `docker.io`. */
const DOCKER_HUB_ALIASES: ReadonlySet<string> = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** Whether the first component of `name` is a registry host (contains "." or ":" or is "localhost"). */
function isRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** Registry host (lower case, Docker Hub aliases as `docker.io`) and repository path of a name. */
function splitName(name: string): { host: string; path: string } {
  const slash = name.indexOf('/');
  if (slash !== -1 && isRegistryHost(name.slice(0, slash))) {
    const host = name.slice(0, slash).toLowerCase();
    return { host: DOCKER_HUB_ALIASES.has(host) ? DEFAULT_IMAGE_REGISTRY : host, path: name.slice(slash + 1) };
  }
  return { host: DEFAULT_IMAGE_REGISTRY, path: name };
}

/**
 * The fully qualified name of an image, as registries see it (Docker's normalisation): `nginx`,
 * `docker.io/nginx` and `index.docker.io/nginx` are `docker.io/library/nginx`, `acme/api` is
 * `docker.io/acme/api`, `ghcr.io/acme/api` stays as it is; registry hosts are compared in lower case.
 */
export function qualifiedImageName(name: string): string {
  const { host, path } = splitName(name);
  return `${host}/${host === DEFAULT_IMAGE_REGISTRY && !path.includes('/') ? 'library/' : ''}${path}`;
}

/**
 * Why `prefix` is not an allowed-registry entry (control IMG-REGISTRY), or `undefined` when it is one: a
 * registry host, optionally followed by a repository path prefix, without scheme, tag, digest or trailing "/".
 */
export function registryPrefixProblem(prefix: string): string | undefined {
  if (typeof prefix !== 'string') {
    return 'is not a string';
  }
  const slash = prefix.indexOf('/');
  const host = slash === -1 ? prefix : prefix.slice(0, slash);
  if (!isRegistryHost(host) || !DOMAIN.test(host)) {
    return 'does not start with a registry host (a name with "." or ":", or "localhost"); Docker Hub is "docker.io"';
  }
  if (slash !== -1 && !PATH.test(prefix.slice(slash + 1))) {
    return 'has a repository path that is not lower-case path components separated by "/" (no tag, digest or trailing "/")';
  }
  return undefined;
}

/**
 * The qualified prefixes an allowlist entry stands for, compared by whole path segments. A registry host
 * alone allows everything from it; `ghcr.io/acme` allows `ghcr.io/acme` and `ghcr.io/acme/...`. On Docker
 * Hub a one-component entry such as `docker.io/redis` means both the image `docker.io/redis` (that is
 * `docker.io/library/redis`) and the namespace `docker.io/redis/...`; `docker.io/library` allows the
 * official images. Entries that are not registry prefixes stand for nothing.
 */
function allowedPrefixesOf(entry: string): string[] {
  if (registryPrefixProblem(entry) !== undefined) {
    return [];
  }
  const { host, path } = splitName(entry.includes('/') ? entry : `${entry}/`);
  if (!path) {
    return [host];
  }
  const prefixes = [`${host}/${path}`];
  if (host === DEFAULT_IMAGE_REGISTRY && !path.includes('/')) {
    prefixes.push(`${host}/library/${path}`);
  }
  return prefixes;
}

/**
 * Whether the image `name` comes from one of `allowedPrefixes` (control IMG-REGISTRY): its qualified name
 * equals an entry's qualified prefix or continues it after a "/" (`ghcr.io/acme` allows `ghcr.io/acme/api`,
 * not `ghcr.io/acme-evil/api`). Image and entries are normalised alike (Docker Hub names, host case).
 */
export function isAllowedRegistry(name: string, allowedPrefixes: readonly string[]): boolean {
  const qualified = qualifiedImageName(name);
  return allowedPrefixes.some(entry => allowedPrefixesOf(entry).some(prefix => qualified === prefix || qualified.startsWith(`${prefix}/`)));
}
