/** The parts of a container image reference. */
export interface ImageReference {
  /** The registry host, `docker.io` when the reference names none. */
  readonly registry: string;
  /** The repository path within the registry, e.g. `library/nginx`. */
  readonly repository: string;
  readonly tag?: string;
  /** The digest, e.g. `sha256:…`. */
  readonly digest?: string;
}

/**
 * Parses an image reference the way container runtimes do: the first path component is a registry when it
 * contains `.` or `:` or is `localhost`; otherwise the image is on Docker Hub (single names under `library/`).
 *
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-names
 */
export function parseImageReference(image: string): ImageReference {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    registry = parts.shift()!;
  }
  let repository = parts.join('/');
  if (registry === 'docker.io' && parts.length === 1) {
    repository = `library/${repository}`;
  }
  return { registry, repository, tag: tag || undefined, digest: digest || undefined };
}

/** Whether the digest is a well-formed sha256 digest. */
export function isSha256Digest(digest: string | undefined): boolean {
  return !!digest && /^sha256:[a-f0-9]{64}$/.test(digest);
}
