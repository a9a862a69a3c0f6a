import { ExceptionApproval } from '../profile/security-exception';

/** A namespace of the node a DaemonSet's pods may share. */
export enum HostNamespace {
  /** The node's network namespace (`hostNetwork`): the pods see and bind the node's interfaces. */
  NETWORK = 'hostNetwork',
  /** The node's process namespace (`hostPID`): the pods see every process of the node. */
  PID = 'hostPID',
  /** The node's IPC namespace (`hostIPC`). */
  IPC = 'hostIPC',
}

/**
 * A typed exception that lets a SecureDaemonSet's main container reach the node: one hostPath directory, mounted
 * at one path with one mode, or one host namespace. Each names exactly what it opens, with a reason (and the approval
 * the SecurityPolicy's exception policy may require); the daemon set fails at synth time on any host access it does
 * not name (a hostPath volume added later, a second mount, a writable mount of a read-only path, a JSON patch).
 *
 * A writable hostPath always needs the platform team's approval: an approval reference, and an exception policy that
 * lists POD-NO-HOSTPATH in `allowedRules` (every exception policy above the daemon set must list it).
 *
 * @example
 * HostAccess.readOnlyPath('/var/log', '/var/log', 'ships the node logs to the central log store');
 */
export class HostAccess {
  /**
   * The node directory `hostPath`, mounted read-only at `mountPath` in the main container.
   *
   * @param hostPath the absolute directory on the node, e.g. `/var/log`
   * @param mountPath where the main container sees it
   * @param reason why the agent needs it (at least 10 characters)
   * @param approval approval reference and expiry, when the exception policy requires them
   */
  public static readOnlyPath(hostPath: string, mountPath: string, reason: string, approval: ExceptionApproval = {}): HostAccess {
    return new HostAccess({ hostPath, mountPath, readOnly: true, reason, approval });
  }

  /**
   * The node directory `hostPath`, mounted writable at `mountPath` in the main container. Needs the exception
   * policy's approval: an approval reference here, and POD-NO-HOSTPATH in the policy's `allowedRules`.
   *
   * @param hostPath the absolute directory on the node
   * @param mountPath where the main container sees it
   * @param reason why the agent must write the node's file system (at least 10 characters)
   * @param approval the approval reference (required) and expiry
   */
  public static writablePath(hostPath: string, mountPath: string, reason: string, approval: ExceptionApproval): HostAccess {
    return new HostAccess({ hostPath, mountPath, readOnly: false, reason, approval });
  }

  /**
   * A namespace of the node, shared by the pods.
   *
   * @param namespace the host namespace
   * @param reason why the agent needs it (at least 10 characters)
   * @param approval approval reference and expiry, when the exception policy requires them
   */
  public static namespace(namespace: HostNamespace, reason: string, approval: ExceptionApproval = {}): HostAccess {
    return new HostAccess({ namespace, reason, approval });
  }

  /** @internal */
  public readonly _hostPath?: string;
  /** @internal */
  public readonly _mountPath?: string;
  /** @internal */
  public readonly _readOnly: boolean;
  /** @internal */
  public readonly _namespace?: HostNamespace;
  /** @internal */
  public readonly _reason: string;
  /** @internal */
  public readonly _approval: ExceptionApproval;

  private constructor(access: {
    hostPath?: string; mountPath?: string; readOnly?: boolean; namespace?: HostNamespace; reason: string; approval: ExceptionApproval;
  }) {
    this._hostPath = access.hostPath;
    this._mountPath = access.mountPath;
    this._readOnly = access.readOnly ?? true;
    this._namespace = access.namespace;
    this._reason = access.reason;
    // Plain JavaScript callers may pass anything; the daemon set checks the values and names the prop.
    this._approval = access.approval !== null && typeof access.approval === 'object' ? access.approval : {};
  }
}
