import { IConstruct } from 'constructs';
import { asObject, asString, JsonObject, stringMap } from './json';
import { ExceptionRecord } from '../../internal/exception-registry';

/** Where an object audited from a file came from. */
export interface ObjectSource {
  /** The file name as given (`-` for standard input). */
  readonly file: string;
  /** Zero-based index of the YAML document. */
  readonly documentIndex: number;
  /** Index in the `items` of a `List` document. */
  readonly itemIndex?: number;
  /** The one-based line of the field at `path` (or of its closest existing ancestor) within this object. */
  readonly lineOf?: (path: string) => number | undefined;
}

/** One Kubernetes object under audit, with what the rules and reports need to know about it. */
export interface AuditedObject {
  /** Position in the audited set, used for a stable report order. */
  readonly index: number;
  readonly json: JsonObject;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The ApiObject that synthesized it, when audited from a construct tree. */
  readonly construct?: IConstruct;
  /** The typed exceptions the library's constructs recorded for it, when audited from a construct tree. */
  readonly recordedExceptions?: readonly ExceptionRecord[];
  /** The scanner exemption annotations the library's constructs wrote on it, when audited from a construct tree. */
  readonly recordedScannerExemptions?: Readonly<Record<string, string>>;
  readonly source?: ObjectSource;
  /**
   * Where the object sits in the synthesized `ApiObject` when it is an item of a `List` (e.g. `items[2]`);
   * finding paths start with it, so they address the field in the ApiObject's JSON.
   */
  readonly itemPath?: string;
}

/** Builds the audited view of a manifest object; `undefined` when it is not an object with a kind. */
export function toAuditedObject(json: JsonObject, index: number, extra: {
  construct?: IConstruct;
  recordedExceptions?: readonly ExceptionRecord[];
  recordedScannerExemptions?: Readonly<Record<string, string>>;
  source?: ObjectSource;
  itemPath?: string;
} = {}): AuditedObject {
  const metadata = asObject(json.metadata);
  return {
    index,
    json,
    apiVersion: asString(json.apiVersion) ?? '',
    kind: asString(json.kind) ?? '',
    name: asString(metadata?.name) ?? asString(metadata?.generateName) ?? '',
    namespace: asString(metadata?.namespace) || undefined,
    labels: stringMap(metadata?.labels),
    annotations: stringMap(metadata?.annotations),
    construct: extra.construct,
    recordedExceptions: extra.recordedExceptions,
    recordedScannerExemptions: extra.recordedScannerExemptions,
    source: extra.source,
    itemPath: extra.itemPath,
  };
}

/** `Kind namespace/name` or `Kind name`, for messages. */
export function describeObject(object: { kind: string; namespace?: string; name: string }): string {
  return object.namespace ? `${object.kind} ${object.namespace}/${object.name}` : `${object.kind} ${object.name}`;
}
